// The console's agent launcher, driven as a person would under the
// offscreen platform, with the real CLIs (resources/agents/install-agents.sh)
// in real bubblewrap: a Claude Code run on a workspace the person chose,
// against the scripted model (a TEST DOUBLE for the hosted one); a mistake
// brought back in the dialog; a real-agent demo from the launch menu; and a
// CLI that is not installed named with its install command.
#include "core/agents/AgentDemo.h"
#include "core/agents/AgentProfile.h"
#include "core/agents/AgentRun.h"
#include "core/agents/ScriptedModel.h"
#include "core/common/ResourcePaths.h"
#include "core/host/HostDirectory.h"
#include "core/report/Provenance.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/RunReader.h"
#include "support/RunWatch.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/live/AgentRunDialog.h"
#include "ui/run/ActionDetailPane.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/ProvenanceView.h"
#include "ui/run/RunView.h"

#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestAgentLauncher : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // A copy of the fixture repository (a failing test) the sandbox user may enter.
    QString workspace(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(path);
        for (const QFileInfo &f :
             QDir(QString::fromStdString(test::sourceDir() + "/tests/agents/repo")).entryInfoList(QDir::Files))
            QFile::copy(f.filePath(), path + QLatin1Char('/') + f.fileName());
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Where the image and the CLIs are, before test mode moves the cache directories.
        if (auto image = ResourcePaths::imageRoot(); image && qEnvironmentVariableIsEmpty("WARDEN_IMAGE_DIR"))
            qputenv("WARDEN_IMAGE_DIR", QByteArray::fromStdString(*image));
        if (qEnvironmentVariableIsEmpty("WARDEN_AGENTS_DIR"))
            qputenv("WARDEN_AGENTS_DIR", QByteArray::fromStdString(ResourcePaths::agentsDir()));
        // A home of its own: test mode's configuration (the host list among
        // it) is under HOME, shared with the UI tests ctest runs beside this one.
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath(QStringLiteral("home")));
        qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toLocal8Bit());
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(QString::fromStdString(HostDirectory::defaultPath())); // no Docker hosts left by another test
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ExeOther);
        QVERIFY2(ResourcePaths::imageRoot().has_value(), "the sandbox image is missing (packaging/test.sh builds it)");
        QVERIFY2(AgentDemo::find("claude-code-injected")->installed(),
                 AgentRun::installHint(*AgentProfile::find("claude-code")).c_str());
    }

    // How the dialog looks with the CLIs installed (WARDEN_TEST_SHOTS: a
    // folder for the picture); nothing checked here.
    void theDialog()
    {
        const QString shots = qEnvironmentVariable("WARDEN_TEST_SHOTS");
        if (shots.isEmpty())
            QSKIP("WARDEN_TEST_SHOTS names no folder for the picture");
        AgentRunDialog dialog(QStringLiteral("bwrap"), {});
        dialog.prefill({QStringLiteral("claude-code"),
                        m_dir.path(),
                        QStringLiteral("Fix the failing test."),
                        {},
                        {},
                        QStringLiteral("bwrap")},
                       {});
        dialog.show();
        dialog.grab().save(shots + QStringLiteral("/agent-dialog.png"));
    }

    // The launcher's answer starts Claude Code on the chosen workspace; the
    // run is on screen as it goes, and ends benign with the fix on disk.
    void anAgentRunFromTheConsole()
    {
        auto model = ScriptedModel::start(test::sourceDir() + "/tests/agents/benign.json");
        QVERIFY2(model.has_value(), model ? "" : model.error().message.c_str());
        const QString ws = workspace(QStringLiteral("console-ws"));
        MainWindow w(m_dir.filePath(QStringLiteral("launcher.db")));
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened);
        w.show();
        test::RunWatch watch;
        watch.follow(*w.supervisor(), &w);
        int asked = 0;
        w.setAgentRunPrompt([&](QWidget *, const AgentLaunch *, const QString &) -> std::optional<AgentLaunch> {
            if (asked++)
                return std::nullopt;
            AgentLaunch launch;
            launch.cli = QStringLiteral("claude-code");
            launch.workspace = ws;
            launch.prompt = QStringLiteral("Fix the failing test in this repository.");
            launch.modelUrl = QString::fromStdString((*model)->url());
            return launch;
        });
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        // The key is the console's (its environment): the model door holds it, the CLI a stand-in.
        qputenv("ANTHROPIC_API_KEY", "test-double-key");
        w.startAgentRun();
        QTRY_VERIFY_WITH_TIMEOUT(!watch.endState.isEmpty(), 120000);
        qunsetenv("ANTHROPIC_API_KEY");
        QCOMPARE(watch.endState, QStringLiteral("finished"));
        QCOMPARE(asked, 1);
        auto run = RunReader::open(m_dir.filePath(QStringLiteral("launcher.db")).toStdString())
                       ->loadRun(watch.runId.toStdString());
        QVERIFY(run.has_value());
        QCOMPARE(run->summary.agent, std::string("claude-code"));
        QCOMPARE(run->summary.source, std::string("agent:claude-code"));
        QTRY_COMPARE_WITH_TIMEOUT(w.actionModel()->run().summary.agent, std::string("claude-code"), 10000);
        QFile calc(ws + QStringLiteral("/calc.py"));
        QVERIFY(calc.open(QIODevice::ReadOnly));
        QVERIFY2(calc.readAll().contains("a + b"), "calc.py was not fixed");
    }

    // A workspace that is not there: nothing starts, and the dialog comes
    // back with what was typed and the path named.
    void aMistakeComesBackInTheDialog()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("mistake.db")));
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened);
        QSignalSpy started(w.supervisor(), &RunSupervisor::runStarted);
        w.show();
        const QString missing = m_dir.filePath(QStringLiteral("no-such-workspace"));
        QString problemShown, promptKept;
        w.setAgentRunPrompt(
            [&](QWidget *, const AgentLaunch *previous, const QString &problem) -> std::optional<AgentLaunch> {
                if (previous) {
                    problemShown = problem;
                    promptKept = previous->prompt;
                    return std::nullopt; // the person cancels
                }
                AgentLaunch launch;
                launch.cli = QStringLiteral("claude-code");
                launch.workspace = missing;
                launch.prompt = QStringLiteral("Fix it.");
                return launch;
            });
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        w.startAgentRun();
        QTRY_VERIFY_WITH_TIMEOUT(!problemShown.isEmpty(), 20000);
        QVERIFY2(problemShown.contains(missing), qPrintable(problemShown));
        QCOMPARE(promptKept, QStringLiteral("Fix it."));
        QCOMPARE(started.count(), 0);
    }

    // The launch menu offers each installed CLI's real-agent demo; the
    // Claude Code one runs and is judged malicious.
    void aRealAgentDemoFromTheLaunchMenu()
    {
        const QString db = m_dir.filePath(QStringLiteral("demo.db"));
        MainWindow w(db);
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened);
        w.show();
        test::RunWatch watch;
        watch.follow(*w.supervisor(), &w);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        auto *menu = w.findChild<QMenu *>(QStringLiteral("agentDemosMenu"));
        QVERIFY(menu);
        QAction *claude = nullptr;
        QStringList offered;
        for (QAction *a : menu->actions()) {
            offered << a->text();
            if (a->text().startsWith(QLatin1String("Claude Code")) && a->text().contains(QLatin1String("bubblewrap")))
                claude = a;
        }
        QVERIFY2(claude && claude->isEnabled(), qPrintable(offered.join(QLatin1Char('\n'))));
        // Each installed CLI on bubblewrap and Docker (DOCKER_HOST's: the Hosts
        // screen lists none here), each missing one named once.
        qsizetype expected = 0;
        for (const AgentDemo &demo : AgentDemo::all())
            expected += demo.installed() ? 2 : 1;
        QCOMPARE(offered.size(), expected);
        claude->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(watch.endState, QStringLiteral("finished"), 120000);
        auto run = RunReader::open(db.toStdString())->loadRun(watch.runId.toStdString());
        QVERIFY(run.has_value());
        QCOMPARE(run->summary.source, std::string("demo:claude-code-injected"));
        QCOMPARE(run->summary.label, std::string("malicious"));

        // How it happened: at its end the console reads the run again, with
        // the chain from the README that carried instructions; a link in it
        // selects that request, whose detail says what it carried.
        const Provenance provenance = Provenance::build(*run);
        QVERIFY(provenance.chain());
        auto *view = w.findChild<ProvenanceView *>(QStringLiteral("provenanceView"));
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasChain(), 10000);
        QVERIFY(view->toPlainText().contains(QLatin1String("1. The injection point")));
        QVERIFY(view->toPlainText().contains(QLatin1String("NOTE TO AI ASSISTANTS")));
        Q_EMIT view->anchorClicked(QUrl(QStringLiteral("warden-action:%1").arg(provenance.chain()->injection)));
        auto *table = w.findChild<QTableView *>(QStringLiteral("actionView"));
        QVERIFY(table);
        QCOMPARE(table->currentIndex().data(ActionTableModel::SeqRole).toLongLong(), provenance.chain()->injection);
        const QString detail = w.runView()->detail()->detailText();
        QVERIFY2(detail.contains(QLatin1String("which carried instructions")), qPrintable(detail));
        // And what the model answered it: the fetch-and-run it asked for.
        QVERIFY2(detail.contains(QLatin1String("The model answered (HTTP 200)")) &&
                     detail.contains(QLatin1String("setup.attacker.example")),
                 qPrintable(detail));
    }

    // Without the CLIs, the dialog and the menu name the install command and
    // nothing can be launched.
    void aCliNotInstalledIsNamed()
    {
        QTemporaryDir empty;
        const QByteArray before = qgetenv("WARDEN_AGENTS_DIR");
        qputenv("WARDEN_AGENTS_DIR", empty.path().toUtf8());
        AgentRunDialog dialog(QStringLiteral("bwrap"), {});
        if (const QString shots = qEnvironmentVariable("WARDEN_TEST_SHOTS"); !shots.isEmpty()) {
            dialog.show(); // to look at, not to check
            dialog.grab().save(shots + QStringLiteral("/agent-dialog-missing.png"));
        }
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("agentRunProblem"));
        QVERIFY(problem);
        QVERIFY2(problem->text().contains(QLatin1String("install-agents.sh claude-code")), qPrintable(problem->text()));
        QVERIFY(!dialog.request().has_value());
        bool launchEnabled = true;
        for (auto *b : dialog.findChildren<QPushButton *>())
            if (b->text() == QLatin1String("Launch"))
                launchEnabled = b->isEnabled();
        QVERIFY(!launchEnabled);
        MainWindow w(m_dir.filePath(QStringLiteral("none.db")));
        auto *menu = w.findChild<QMenu *>(QStringLiteral("agentDemosMenu"));
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), 3);
        for (QAction *a : menu->actions()) {
            QVERIFY(!a->isEnabled());
            QVERIFY2(a->text().contains(QLatin1String("install-agents.sh")), qPrintable(a->text()));
        }
        qputenv("WARDEN_AGENTS_DIR", before);
    }
};

QTEST_MAIN(TestAgentLauncher)
#include "tst_agentlauncher.moc"
