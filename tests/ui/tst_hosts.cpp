// The Hosts screen against real hosts: bubblewrap here, the test dockerd
// (unix socket and TLS, when packaging/test.sh started it), a real
// warden-hostd process, and the real Secret Service (gnome-keyring under
// dbus-run-session, as ctest runs this test) holding the tokens.
#include "core/host/HostDirectory.h"
#include "core/runs/RunSupervisor.h"
#include "core/secrets/Keychain.h"
#include "core/store/AuditVerifier.h"
#include "core/store/RunReader.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/hosts/HostListModel.h"
#include "ui/hosts/HostsPanel.h"
#include "ui/run/ActionTableModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QToolButton>

#include <csignal>

using namespace warden;
using namespace warden::ui;

class TestHosts : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_host;
    QString m_url;
    const QString m_token = QStringLiteral("hosts-screen-test-token-42424242");

    QString config() const { return m_dir.filePath(QStringLiteral("hosts.json")); }

    // Adds through the editor seam, the way the buttons do, and waits for the test that follows.
    std::pair<bool, QString> addAndTest(HostsPanel &panel, HostsPanel::HostEdit edit)
    {
        QSignalSpy tested(&panel, &HostsPanel::hostTested);
        QSignalSpy failed(&panel, &HostsPanel::failed);
        panel.addHost(std::move(edit));
        if (!QTest::qWaitFor([&] { return !tested.isEmpty() || !failed.isEmpty(); }, 20000))
            return {false, QStringLiteral("nothing happened")};
        if (!failed.isEmpty())
            return {false, failed.last().at(0).toString()};
        return {tested.last().at(1).toBool(), tested.last().at(2).toString()};
    }

    static HostsPanel::HostEdit warden(const std::string &name, const QString &url, const QString &token)
    {
        HostsPanel::HostEdit e;
        e.profile.kind = HostProfile::Kind::Warden;
        e.profile.name = name;
        e.profile.address = url.toStdString();
        e.token = token;
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run under dbus-run-session with gnome-keyring (ctest does)");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARDEN_HOST_TOKEN"), m_token);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.path());
        m_host.setProcessEnvironment(env);
        m_host.start(QString::fromStdString(test::binaryDir() + "/app/warden-hostd"),
                     {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
                      m_dir.filePath(QStringLiteral("host.db"))});
        // The host may build the sandbox image first: wait for its address line.
        QRegularExpressionMatch match;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (m_host.canReadLine()) {
                    match = QRegularExpression(QStringLiteral("(warden://\\S+)"))
                                .match(QString::fromUtf8(m_host.readLine()));
                    if (match.hasMatch())
                        return true;
                }
                return m_host.state() == QProcess::NotRunning;
            },
            600000));
        QVERIFY(match.hasMatch());
        m_url = match.captured(1);
    }

    void cleanupTestCase()
    {
        ::kill(pid_t(m_host.processId()), SIGTERM);
        m_host.waitForFinished(10000);
    }

    // A host that cannot be added is asked for again with everything typed
    // and the reason, naming the field; nothing is saved until it is right.
    void aRefusedHostKeepsWhatWasTyped()
    {
        QFile::remove(config());
        HostsPanel panel(config());
        const qsizetype before = panel.model()->hosts().size();
        std::vector<std::pair<std::string, QString>> asked; // what each ask started from, and why
        panel.setEditor([&](QWidget *, HostProfile::Kind kind, const HostsPanel::HostEdit *previous,
                            const QString &problem) -> std::optional<HostsPanel::HostEdit> {
            asked.emplace_back(previous ? previous->profile.address : std::string(), problem);
            if (asked.size() > 1)
                return std::nullopt; // the reviewer reads the reason and cancels
            HostsPanel::HostEdit typed;
            typed.profile.kind = kind;
            typed.profile.name = "build farm";
            typed.profile.address = "tcp://farm.example:2376"; // remote, without TLS certificates
            return typed;
        });
        auto *add = panel.findChild<QPushButton *>(QStringLiteral("addDockerButton"));
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(asked.size(), std::size_t(2));
        QCOMPARE(asked[0].second, QString());
        QCOMPARE(asked[1].first, std::string("tcp://farm.example:2376"));
        QVERIFY2(asked[1].second.startsWith(QLatin1String("cert_dir: ")), qPrintable(asked[1].second));
        QCOMPARE(panel.model()->hosts().size(), before);
        QVERIFY(!QFile::exists(config()));
    }

    void bubblewrapHereIsDetectedAndChecked()
    {
        HostsPanel panel(config());
        QAbstractItemModelTester tester(panel.model());
        QCOMPARE(panel.model()->hosts().front().id, std::string("local-bwrap"));
        QSignalSpy tested(&panel, &HostsPanel::hostTested);
        panel.testHost(QStringLiteral("local-bwrap"));
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
        QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
        QVERIFY(tested.at(0).at(2).toString().contains(QLatin1String("bubblewrap")));
        const QModelIndex isolation = panel.model()->index(0, HostListModel::Isolation);
        QVERIFY(isolation.data().toString().contains(QLatin1String("namespaces")));
    }

    void wardenHostTokenLivesInTheKeychain()
    {
        QFile::remove(config());
        HostsPanel panel(config());
        QAbstractItemModelTester tester(panel.model());
        auto [reachable, summary] = addAndTest(panel, warden("lab host", m_url, m_token));
        QVERIFY2(reachable, qPrintable(summary));
        QVERIFY(summary.startsWith(QLatin1String("Warden ")));
        // The list on disk names the host, never its token.
        QFile file(config());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains(m_url.toUtf8()));
        QVERIFY(!saved.contains(m_token.toUtf8()));
        // The keychain has it, under the host's id.
        const QString id = QString::fromStdString(panel.model()->hosts().back().id);
        Keychain keychain;
        std::optional<QString> stored;
        bool answered = false;
        keychain.load(id, [&](std::optional<QString> token, const QString &) {
            stored = token;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        QCOMPARE(stored.value_or(QString()), m_token);

        // A new console finds the host again, and its token.
        HostsPanel again(config());
        QCOMPARE(again.model()->rowOf(id), panel.model()->rowOf(id));
        QSignalSpy tested(&again, &HostsPanel::hostTested);
        again.testHost(id);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
        QVERIFY(tested.at(0).at(1).toBool());

        // Removing it removes the token too.
        again.removeHost(id);
        QCOMPARE(again.model()->rowOf(id), -1);
        answered = false;
        QTest::qWait(500);
        keychain.load(id, [&](std::optional<QString> token, const QString &) {
            stored = token;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        QVERIFY(!stored.has_value());
    }

    void refusalsAreSpelledOut()
    {
        QFile::remove(config());
        HostsPanel panel(config());
        auto wrong = addAndTest(panel, warden("wrong token", m_url, QStringLiteral("this-is-not-the-token")));
        QVERIFY(!wrong.first);
        QVERIFY2(wrong.second.contains(QLatin1String("refused the token")), qPrintable(wrong.second));
        auto closed = addAndTest(panel, warden("nobody home", QStringLiteral("warden://127.0.0.1:1"), m_token));
        QVERIFY(!closed.first);
        QVERIFY2(closed.second.contains(QLatin1String("cannot reach")), qPrintable(closed.second));
        auto plain = addAndTest(panel, warden("plain remote", QStringLiteral("warden://192.0.2.1:7455"), m_token));
        QVERIFY(!plain.first);
        QVERIFY2(plain.second.contains(QLatin1String("address")) && plain.second.contains(QLatin1String("loopback")),
                 qPrintable(plain.second));
        auto shortToken = addAndTest(panel, warden("short", m_url, QStringLiteral("short")));
        QVERIFY(!shortToken.first);
        QVERIFY(shortToken.second.contains(QLatin1String("16 characters")));
    }

    void consoleRunsADemoOnAWardenHost()
    {
        QStandardPaths::setTestModeEnabled(true); // the console's hosts.json goes to a test location
        QFile::remove(QString::fromStdString(HostDirectory::defaultPath()));
        const QString db = m_dir.filePath(QStringLiteral("console.db"));
        MainWindow w(db);
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened);
        w.show();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        auto [reachable, summary] = addAndTest(*w.hosts(), warden("lab host", m_url, m_token));
        QVERIFY2(reachable, qPrintable(summary));
        const QString hostId = QString::fromStdString(w.hosts()->model()->hosts().back().id);

        QString runId;
        QString endState;
        connect(w.supervisor(), &RunSupervisor::runStarted, this, [&](const QString &id) { runId = id; });
        connect(w.supervisor(), &RunSupervisor::runEnded, this,
                [&](const QString &, const QString &state) { endState = state; });
        w.startRemoteDemo(hostId, QStringLiteral("kubesleuth"));
        // The host's request for a restart waits here, in the console's own queue.
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        // The host sent the declaration with the run: the card compares against it.
        auto *comparison = w.findChild<QLabel *>(QStringLiteral("approvalComparison"));
        QVERIFY(comparison);
        QVERIFY2(comparison->text().contains(QLatin1String("deployment/<span style=")), qPrintable(comparison->text()));
        QTRY_VERIFY_WITH_TIMEOUT(w.actionModel()->rowCount() >= 3, 10000);
        w.approvalPanel()->setReviewer(QStringLiteral("test reviewer")); // named once, by the person
        QTRY_VERIFY(w.approvalPanel()->acceptsDecision());               // the card has been seen
        w.approvalPanel()->setFocus();
        QTest::keyClick(w.approvalPanel(), Qt::Key_A);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);

        // The console's mirror: the run, its actions, the approval with its reviewer, in an intact chain.
        auto run = RunReader::open(db.toStdString())->loadRun(runId.toStdString());
        QVERIFY2(run.has_value(), run ? "" : run.error().toString().c_str());
        QCOMPARE(QString::fromStdString(run->summary.source), QStringLiteral("remote:") + m_url);
        QCOMPARE(run->summary.state, std::string("finished"));
        QVERIFY(run->actions.size() >= 4); // the approved restart ran on the host, then the notify
        QCOMPARE(run->approvals.size(), std::size_t(1));
        QCOMPARE(run->approvals.front().value("state", std::string()), std::string("approved"));
        QVERIFY(run->judgement.has_value());
        QCOMPARE(run->judgement->value("label", std::string()), std::string("malicious"));
        auto chain = AuditVerifier::verify(db.toStdString());
        QVERIFY(chain && chain->intact);
        // And the host holds its own record of the same run.
        auto hostRun =
            RunReader::open(m_dir.filePath(QStringLiteral("host.db")).toStdString())->loadRun(runId.toStdString());
        QVERIFY(hostRun.has_value());
        QCOMPARE(hostRun->actions.size(), run->actions.size());

        // Decided on the host instead (wardenctl there): the card here closes, nothing is sent back.
        endState.clear();
        w.startRemoteDemo(hostId, QStringLiteral("kubesleuth"));
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        const std::string approvalId = w.supervisor()->approvals().pending().front().id;
        QProcess deny;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARDEN_HOST_TOKEN"), m_token);
        deny.setProcessEnvironment(env);
        deny.start(QString::fromStdString(test::binaryDir() + "/app/wardenctl"),
                   {QStringLiteral("approvals"), QStringLiteral("--host"), m_url, QStringLiteral("deny"),
                    QString::fromStdString(approvalId), QStringLiteral("--reason"), QStringLiteral("not today"),
                    QStringLiteral("--reviewer"), QStringLiteral("oncall")});
        QVERIFY(deny.waitForFinished(20000));
        QCOMPARE(deny.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);
        auto second = RunReader::open(db.toStdString())->loadRun(runId.toStdString());
        QVERIFY(second.has_value());
        QCOMPARE(second->approvals.size(), std::size_t(1));
        QCOMPARE(second->approvals.front().value("state", std::string()), std::string("rejected"));
        QCOMPARE(second->approvals.front().value("reason", std::string()), std::string("not today"));
        // The host records who authenticated (one shared token: "token"),
        // not the name the client claimed with --reviewer.
        QVERIFY2(second->approvals.front().value("reviewer", std::string()).starts_with("token on "),
                 second->approvals.front().dump().c_str());

        // A custom run on the host: the declaration's text goes over, the agent runs there.
        const QString declaration = m_dir.filePath(QStringLiteral("greeter.json"));
        test::writeFile(declaration, test::kGreeterDeclaration);
        QString customRun;
        auto started =
            connect(w.supervisor(), &RunSupervisor::runStarted, this, [&](const QString &id, const QString &agent) {
                if (agent == QLatin1String("greeter"))
                    customRun = id;
            });
        w.setCustomRunPrompt(
            [&](QWidget *, const CustomLaunch *previous, const QString &) -> std::optional<CustomLaunch> {
                if (previous)
                    return std::nullopt; // the problem is shown; the person cancels
                CustomLaunch launch;
                launch.declarationFile = declaration;
                launch.argv = test::greeterCommand();
                launch.remoteHost = hostId;
                return std::optional<CustomLaunch>(launch);
            });
        endState.clear();
        w.startCustomRun();
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);
        disconnect(started);
        QVERIFY(!customRun.isEmpty());
        auto custom = RunReader::open(db.toStdString())->loadRun(customRun.toStdString());
        QVERIFY(custom.has_value());
        QCOMPARE(QString::fromStdString(custom->summary.source), QStringLiteral("remote:") + m_url);
        // The run's command (seen by the host's syscall supervisor), then the two requests.
        QCOMPARE(custom->actions.size(), std::size_t(3));
        QCOMPARE(custom->actions.at(0).kind, ActionKind::Process);
        QCOMPARE(custom->verdicts.at(1).decision, std::string("allow"));
        QCOMPARE(custom->verdicts.at(2).decision, std::string("deny"));
        QCOMPARE(QByteArray::fromStdString(custom->declarationText), test::kGreeterDeclaration);

        // A declaration with a mistake never leaves this machine: the error names its line.
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        test::writeFile(bad, test::kDeclarationWithAMistake);
        QSignalSpy failed(&w, &MainWindow::failed);
        w.setCustomRunPrompt(
            [&](QWidget *, const CustomLaunch *previous, const QString &) -> std::optional<CustomLaunch> {
                if (previous)
                    return std::nullopt; // the problem is shown; the person cancels
                CustomLaunch launch;
                launch.declarationFile = bad;
                launch.argv = {QStringLiteral("true")};
                launch.remoteHost = hostId;
                return std::optional<CustomLaunch>(launch);
            });
        w.startCustomRun();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY2(failed.last().at(0).toString().contains(QLatin1String("bad.json:4")),
                 qPrintable(failed.last().at(0).toString()));
    }

    void dockerEnginesLocalAndOverTls()
    {
        if (qEnvironmentVariableIsEmpty("DOCKER_HOST"))
            WARDEN_SKIP_WITHOUT_ENGINE("no test dockerd (packaging/test.sh starts one)");
        QFile::remove(config());
        HostsPanel panel(config());
        QVERIFY(panel.model()->rowOf(QStringLiteral("local-docker")) >= 0);
        QSignalSpy tested(&panel, &HostsPanel::hostTested);
        panel.testHost(QStringLiteral("local-docker"));
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 30000);
        QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
        QVERIFY(tested.at(0).at(2).toString().startsWith(QLatin1String("Docker Engine")));

        const QString tlsHost = qEnvironmentVariable("WARDEN_TEST_DOCKER_TLS_HOST");
        if (tlsHost.isEmpty())
            WARDEN_SKIP_WITHOUT_ENGINE("no TLS endpoint on the test dockerd");
        HostsPanel::HostEdit e;
        e.profile.kind = HostProfile::Kind::Docker;
        e.profile.name = "docker over TLS";
        e.profile.address = tlsHost.toStdString();
        e.profile.certDir = qEnvironmentVariable("WARDEN_TEST_DOCKER_CERT_PATH").toStdString();
        auto [reachable, summary] = addAndTest(panel, e);
        QVERIFY2(reachable, qPrintable(summary));
        // Without the client certificates the engine refuses the handshake.
        e.profile.certDir = m_dir.path().toStdString();
        auto refused = addAndTest(panel, e);
        QVERIFY(!refused.first);
    }

    void launchesGoToTheDockerEngineTheHostsScreenKnows()
    {
        const QString tlsHost = qEnvironmentVariable("WARDEN_TEST_DOCKER_TLS_HOST");
        if (tlsHost.isEmpty())
            WARDEN_SKIP_WITHOUT_ENGINE("no TLS endpoint on the test dockerd");
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(QString::fromStdString(HostDirectory::defaultPath()));
        MainWindow w(m_dir.filePath(QStringLiteral("docker-launch.db")));
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened);
        w.show();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        HostsPanel::HostEdit e;
        e.profile.kind = HostProfile::Kind::Docker;
        e.profile.name = "lab engine";
        e.profile.address = tlsHost.toStdString();
        e.profile.certDir = qEnvironmentVariable("WARDEN_TEST_DOCKER_CERT_PATH").toStdString();
        auto [reachable, summary] = addAndTest(*w.hosts(), e);
        QVERIFY2(reachable, qPrintable(summary));
        // The Launch menu offers it by name beside bubblewrap.
        QMenu *launch = nullptr;
        for (QMenu *m : w.findChildren<QMenu *>())
            if (m->title() == QLatin1String("Launch demo"))
                launch = m;
        QVERIFY(launch);
        QAction *onLab = nullptr;
        for (QAction *a : launch->actions())
            if (a->text().startsWith(QLatin1String("storage-exfil")) &&
                a->text().endsWith(QLatin1String("(Docker: lab engine)")))
                onLab = a;
        QVERIFY(onLab);
        // DOCKER_HOST names no engine at all: the run can only reach the one on the Hosts screen.
        const QByteArray saved = qgetenv("DOCKER_HOST");
        qputenv("DOCKER_HOST", "unix:///nonexistent/docker.sock");
        QString endState, endDetail;
        connect(w.supervisor(), &RunSupervisor::runEnded, this,
                [&](const QString &, const QString &state, const QString &detail) {
                    endState = state;
                    endDetail = detail;
                });
        onLab->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!endState.isEmpty(), 120000);
        qputenv("DOCKER_HOST", saved);
        QVERIFY2(endState == QLatin1String("finished"), qPrintable(endState + QLatin1String(": ") + endDetail));
    }
};

QTEST_MAIN(TestHosts)
#include "tst_hosts.moc"
