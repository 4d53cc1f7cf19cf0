// The Settings screen on its own: the dialog shows what is set and gives
// back what the reviewer chose; saved settings come back as saved; a
// hand-edited settings file with values out of range or unknown words falls
// back to bounds and defaults, never to something the console cannot use.
#include "ui/settings/ConsoleSettings.h"
#include "ui/settings/SettingsDialog.h"

#include <QComboBox>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace warden::ui;

class TestSettings : public QObject {
    Q_OBJECT

    static QComboBox *combo(SettingsDialog &dialog, int index)
    {
        const auto combos = dialog.findChildren<QComboBox *>();
        return combos.value(index);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // QSettings follows QStandardPaths: a test-mode directory, never the
        // developer's own configuration.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("warden-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_settings"));
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void theDialogShowsAndGivesBackTheSettings()
    {
        ConsoleSettings given;
        given.approvalDeadlineMinutes = 42;
        given.defaultHost = QStringLiteral("docker");
        given.language = QStringLiteral("de");
        given.theme = ConsoleSettings::Theme::Dark;
        SettingsDialog dialog(given);
        auto *deadline = dialog.findChild<QSpinBox *>();
        QVERIFY(deadline);
        QCOMPARE(deadline->value(), 42);
        QCOMPARE(combo(dialog, 0)->currentData().toString(), QStringLiteral("docker"));
        QCOMPARE(combo(dialog, 1)->currentData().toString(), QStringLiteral("de"));
        QCOMPARE(combo(dialog, 2)->currentData().toInt(), int(ConsoleSettings::Theme::Dark));

        // The reviewer changes each one.
        deadline->setValue(5);
        combo(dialog, 0)->setCurrentIndex(combo(dialog, 0)->findData(QStringLiteral("bwrap")));
        combo(dialog, 1)->setCurrentIndex(0); // the system's language
        combo(dialog, 2)->setCurrentIndex(combo(dialog, 2)->findData(int(ConsoleSettings::Theme::Light)));
        const ConsoleSettings chosen = dialog.settings();
        QCOMPARE(chosen.approvalDeadlineMinutes, 5);
        QCOMPARE(chosen.defaultHost, QStringLiteral("bwrap"));
        QVERIFY(chosen.language.isEmpty());
        QVERIFY(chosen.theme == ConsoleSettings::Theme::Light);
        // The deadline cannot be set to nothing or to days.
        deadline->setValue(0);
        QCOMPARE(dialog.settings().approvalDeadlineMinutes, 1);
        deadline->setValue(100000);
        QCOMPARE(dialog.settings().approvalDeadlineMinutes, 24 * 60);
    }

    void savedSettingsComeBack()
    {
        QCOMPARE(ConsoleSettings::load().approvalDeadlineMinutes, 15); // nothing saved: the defaults
        ConsoleSettings s;
        s.approvalDeadlineMinutes = 90;
        s.defaultHost = QStringLiteral("docker");
        s.language = QStringLiteral("en");
        s.theme = ConsoleSettings::Theme::Dark;
        s.save();
        const ConsoleSettings back = ConsoleSettings::load();
        QCOMPARE(back.approvalDeadlineMinutes, 90);
        QCOMPARE(back.defaultHost, QStringLiteral("docker"));
        QCOMPARE(back.language, QStringLiteral("en"));
        QVERIFY(back.theme == ConsoleSettings::Theme::Dark);
    }

    void aHandEditedFileFallsBackToWhatTheConsoleCanUse()
    {
        {
            QSettings file;
            file.setValue(QStringLiteral("approvals/deadlineMinutes"), -5);
            file.setValue(QStringLiteral("launch/defaultHost"), QStringLiteral("kubernetes; rm -rf /"));
            file.setValue(QStringLiteral("ui/language"), QStringLiteral("../../etc/passwd"));
            file.setValue(QStringLiteral("ui/theme"), QStringLiteral("neon"));
        }
        ConsoleSettings s = ConsoleSettings::load();
        QCOMPARE(s.approvalDeadlineMinutes, 1);
        QCOMPARE(s.defaultHost, QStringLiteral("bwrap"));
        QVERIFY(s.language.isEmpty());
        QVERIFY(s.theme == ConsoleSettings::Theme::System);
        QSettings().setValue(QStringLiteral("approvals/deadlineMinutes"), QStringLiteral("forever"));
        QCOMPARE(ConsoleSettings::load().approvalDeadlineMinutes, 1);
        QSettings().setValue(QStringLiteral("approvals/deadlineMinutes"), 1e9);
        QCOMPARE(ConsoleSettings::load().approvalDeadlineMinutes, 24 * 60);
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
