// The console in another language with a run open: menus, screens, table
// headers, the banner, the approval card's words (made in core) and the
// Launch menu follow at once, and switching back leaves nothing behind.
#include "core/common/ResourcePaths.h"
#include "core/policy/Declaration.h"
#include "core/policy/PolicyEngine.h"
#include "core/policy/RequestComparison.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/RunReader.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"
#include "ui/runs/RunListModel.h"
#include "ui/settings/InterfaceLanguage.h"
#include "ui/timeline/TimelineChart.h"
#include <QAbstractItemModelTester>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <set>
#include <tuple>

using namespace warden;
using namespace warden::ui;

class TestConsoleLanguage : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void languageSwitchesWhileRunning()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("language.db")));
        QAbstractItemModelTester runsTester(w.runModel());
        QAbstractItemModelTester actionsTester(w.actionModel());
        w.show();
        QSignalSpy shown(&w, &MainWindow::runShown);
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QVERIFY(InterfaceLanguage::available().contains(QStringLiteral("de")));
        auto menuTitles = [&w] {
            QStringList titles;
            for (QAction *a : w.menuBar()->actions())
                titles << a->text();
            return titles;
        };
        auto header = [](QAbstractItemModel *m, int column) {
            return m->headerData(column, Qt::Horizontal).toString();
        };
        auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("screens"));
        auto *search = w.findChild<QLineEdit *>(QStringLiteral("actionSearch"));
        auto *approve = w.findChild<QPushButton *>(QStringLiteral("approveButton"));
        auto *testHost = w.findChild<QPushButton *>(QStringLiteral("testHostButton"));
        QVERIFY(tabs && search && approve && testHost);
        QCOMPARE(menuTitles(), (QStringList{QStringLiteral("&Console"), QStringLiteral("&Run"),
                                            QStringLiteral("&Investigate"), QStringLiteral("&Hosts")}));
        const QString bannerBefore = w.banner()->text();

        // German, with the run open: menus, tabs, placeholders, buttons, headers and the banner follow at once.
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("de")), QStringLiteral("de"));
        QTRY_COMPARE(menuTitles(), (QStringList{QStringLiteral("&Konsole"), QStringLiteral("&Starten"),
                                                QStringLiteral("&Untersuchen"), QStringLiteral("&Hosts")}));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Läufe"));
        QCOMPARE(search->placeholderText(), QStringLiteral("Aktionen filtern (Art, Entscheidung, Text)…"));
        QCOMPARE(approve->text(), QStringLiteral("Einmal genehmigen   [A]")); // the key shown is the key
        QCOMPARE(testHost->text(), QStringLiteral("Verbindung prüfen"));
        QCOMPARE(header(w.runModel(), RunListModel::Started), QStringLiteral("Gestartet"));
        QCOMPARE(header(w.actionModel(), ActionTableModel::Decision), QStringLiteral("Entscheidung"));
        QVERIFY2(w.banner()->text().contains(QStringLiteral("Konfidenz")), qPrintable(w.banner()->text()));
        QCOMPARE(w.actionModel()->rowCount(), 10); // the run stays open
        // Verdict words, decisions and states read German too; the stored words stay.
        QVERIFY2(w.banner()->text().startsWith(QStringLiteral("BÖSARTIG")), qPrintable(w.banner()->text()));
        bool sawDenied = false;
        for (int row = 0; row < w.actionModel()->rowCount(); ++row)
            if (w.actionModel()->decisionAt(row) == "deny") {
                QCOMPARE(w.actionModel()->index(row, ActionTableModel::Decision).data().toString(),
                         QStringLiteral("verweigert"));
                sawDenied = true;
            }
        QVERIFY(sawDenied);
        QCOMPARE(w.runModel()->index(0, RunListModel::State).data().toString(), QStringLiteral("beendet"));
        // The menus were rebuilt, not duplicated, and still work.
        QCOMPARE(w.menuBar()->actions().size(), 4);
        auto *launch = w.findChild<QToolButton *>(QStringLiteral("launchButton"));
        QVERIFY(launch && launch->text() == QStringLiteral("Demo starten"));
        // The approval card's words about the declaration, made in core, follow too;
        // the declaration's own text (the pattern) stays as declared.
        {
            auto declaration = Declaration::parse(
                "{\"warden\": 1, \"agent\": \"ops\", \"purpose\": \"t\", \"tools\": {\"kube\": {\"approval\": "
                "\"required\", "
                "\"params\": {\"command\": {\"type\": \"command\", \"allow\": [\"kubectl get *\"]}}}}}",
                "inline.json");
            QVERIFY(declaration.has_value());
            const PolicyEngine engine(std::make_shared<const Declaration>(std::move(*declaration)));
            const auto card = RequestComparison::compare(
                engine, "kube", nlohmann::json{{"command", "kubectl get pods"}, {"x", 1}}, std::nullopt);
            QCOMPARE(QString::fromStdString(card.toolTerms), QStringLiteral("Genehmigung erforderlich"));
            QCOMPARE(QString::fromStdString(card.params.at(0).declaredAs),
                     QStringLiteral("Befehl erlaubt als „kubectl get *“"));
            QCOMPARE(QString::fromStdString(card.params.at(1).problems.at(0)),
                     QStringLiteral("für dieses Werkzeug nicht deklariert"));
        }

        // And back: nothing left over in German.
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("en")), QStringLiteral("en"));
        QTRY_COMPARE(menuTitles(), (QStringList{QStringLiteral("&Console"), QStringLiteral("&Run"),
                                                QStringLiteral("&Investigate"), QStringLiteral("&Hosts")}));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Runs"));
        QCOMPARE(header(w.runModel(), RunListModel::Started), QStringLiteral("Started"));
        QCOMPARE(w.banner()->text(), bannerBefore);
        // A language without a translation falls back to English.
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("xx")), QStringLiteral("en"));
    }

    // English says "1 run" and "2 runs", never "run(s)"; German likewise.
    void countsAreSaidInTheirPluralForm()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("plurals.db")));
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("en")), QStringLiteral("en"));
        const char *context = "warden::ui::RunsPane";
        QCOMPARE(QCoreApplication::translate(context, "All agents (%n run(s))", nullptr, 1),
                 QStringLiteral("All agents (1 run)"));
        QCOMPARE(QCoreApplication::translate(context, "All agents (%n run(s))", nullptr, 3),
                 QStringLiteral("All agents (3 runs)"));
        QCOMPARE(QCoreApplication::translate("warden::ui::RunBands", "%n action(s)", nullptr, 1),
                 QStringLiteral("1 action"));
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("de")), QStringLiteral("de"));
        QVERIFY(!QCoreApplication::translate(context, "All agents (%n run(s))", nullptr, 3)
                     .contains(QStringLiteral("(s)")));
        QCOMPARE(InterfaceLanguage::apply(QStringLiteral("en")), QStringLiteral("en"));
    }

    // Every catalogue is complete: an unfinished entry would show English
    // (or "(s)") to a reader of that language.
    void everyCatalogueIsComplete()
    {
        for (const char *name : {"warden_de.ts", "warden_en.ts"}) {
            QFile file(QString::fromStdString(test::sourceDir() + "/translations/" + name));
            QVERIFY2(file.open(QIODevice::ReadOnly), name);
            const QByteArray text = file.readAll();
            QVERIFY2(!text.contains("type=\"unfinished\""), (std::string(name) + " has unfinished entries").c_str());
            QVERIFY2(!text.contains("<numerusform></numerusform>"), (std::string(name) + " lacks a form").c_str());
        }
    }
};

QTEST_MAIN(TestConsoleLanguage)
#include "tst_consolelanguage.moc"
