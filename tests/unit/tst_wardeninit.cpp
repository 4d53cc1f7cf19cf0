// warden-init on its own, as a real process on this machine (no sandbox):
// it hands its listener to a real SyscallSupervisor and the command runs
// under it; with no supervisor, or one that refuses it, the command never
// runs at all.
#include "core/common/ResourcePaths.h"
#include "core/supervise/SyscallSupervisor.h"
#include "support/TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace warden;

class TestWardenInit : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_init;

    // Runs the init with `argv` and the supervisor socket at `socket`.
    QProcess *start(const QString &socket, const QStringList &argv)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARDEN_SUPERVISOR_SOCKET"), socket);
        env.insert(QStringLiteral("WARDEN_PROXY_SOCKET"), m_dir.filePath(QStringLiteral("no-proxy.sock")));
        env.insert(QStringLiteral("WARDEN_PROXY_BRIDGE_PORT"), QStringLiteral("0")); // this host's 3128 is not ours
        p->setProcessEnvironment(env);
        test::startAsFirstProcess(*p, m_init, argv);
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto init = ResourcePaths::initProgram();
        QVERIFY2(init.has_value(), init ? "" : init.error().message.c_str());
        m_init = QString::fromStdString(*init);
    }

    void withoutASupervisorTheCommandNeverRuns()
    {
        const QString marker = m_dir.filePath(QStringLiteral("ran"));
        QProcess *p = start(m_dir.filePath(QStringLiteral("nobody.sock")), {QStringLiteral("/usr/bin/touch"), marker});
        QVERIFY(p->waitForFinished(10000));
        QCOMPARE(p->exitCode(), 126);
        QVERIFY2(p->readAllStandardError().contains("cannot reach the supervisor"), "says why");
        QVERIFY(!QFile::exists(marker));
    }

    void theCommandRunsUnderTheSupervisor()
    {
        SyscallSupervisor supervisor;
        const QString socket = m_dir.filePath(QStringLiteral("supervisor.sock"));
        QVERIFY(supervisor.listen(socket).has_value());
        supervisor.setPeerUid(::getuid());
        QSignalSpy handed(&supervisor, &SyscallSupervisor::handedOver);
        std::vector<SyscallNotice> seen;
        connect(&supervisor, &SyscallSupervisor::noticed, this, [&](const SyscallNotice &n) {
            seen.push_back(n);
            // The command itself, and sh's own programs: true runs, ls does not.
            if (n.launch || n.path.ends_with("/true"))
                supervisor.allow(n.id);
            else
                supervisor.deny(n.id, EPERM);
        });
        QProcess *p = start(socket, {QStringLiteral("sh"), QStringLiteral("-c"),
                                     QStringLiteral("/bin/true && echo true-ran; /bin/ls / || echo ls-refused")});
        QVERIFY(p->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 10000);
        QCOMPARE(handed.count(), 1);
        const QByteArray out = p->readAllStandardOutput();
        QVERIFY2(out.contains("true-ran") && out.contains("ls-refused"), out.constData());
        QCOMPARE(p->exitCode(), 0);
        QVERIFY(seen.size() >= 3);
        // The command was found on the PATH before the filter: one exec, flagged as the launch.
        QVERIFY(seen.front().launch);
        QVERIFY2(seen.front().path.ends_with("/sh"), seen.front().path.c_str());
        QCOMPARE(std::count_if(seen.begin(), seen.end(), [](const SyscallNotice &n) { return n.launch; }), 1);
    }

    // The filter hands over opens that write, never reads: the loader and
    // every library load run at full speed.
    void onlyWritesAreHandedOver()
    {
        SyscallSupervisor supervisor;
        const QString socket = m_dir.filePath(QStringLiteral("writes.sock"));
        QVERIFY(supervisor.listen(socket).has_value());
        supervisor.setPeerUid(::getuid());
        std::vector<SyscallNotice> writes;
        connect(&supervisor, &SyscallSupervisor::noticed, this, [&](const SyscallNotice &n) {
            if (n.kind == supervised::CallClass::Write) {
                writes.push_back(n);
                supervisor.deny(n.id, EPERM);
            } else {
                supervisor.allow(n.id);
            }
        });
        // Outside the scratch, so the supervisor's fast path does not let it by.
        const QString target = QStringLiteral("/var/tmp/warden-init-probe-%1").arg(QCoreApplication::applicationPid());
        QProcess *p = start(socket, {QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"),
                                     QStringLiteral("import json, os, sys\n"
                                                    "open('/etc/hostname').read()\n"
                                                    "try:\n"
                                                    "    open(sys.argv[1], 'w')\n"
                                                    "    print('written')\n"
                                                    "except PermissionError:\n"
                                                    "    print('refused')\n"),
                                     target});
        QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 10000);
        const QByteArray out = p->readAllStandardOutput();
        QVERIFY2(out.contains("refused"), out.constData());
        QVERIFY(!QFile::exists(target));
        QCOMPARE(writes.size(), std::size_t(1)); // the script's write; none of python's many reads
        QCOMPARE(writes.front().file, target.toStdString());
        QCOMPARE(writes.front().call, std::string("openat"));
    }

    void aSupervisorThatRefusesTheHandoffStopsTheCommand()
    {
        SyscallSupervisor supervisor;
        const QString socket = m_dir.filePath(QStringLiteral("strict.sock"));
        QVERIFY(supervisor.listen(socket).has_value());
        supervisor.setPeerUid(::getuid() + 1); // not this user: refused
        QSignalSpy problems(&supervisor, &SyscallSupervisor::problem);
        const QString marker = m_dir.filePath(QStringLiteral("ran-anyway"));
        QProcess *p = start(socket, {QStringLiteral("/usr/bin/touch"), marker});
        QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 15000);
        QCOMPARE(p->exitCode(), 126);
        QVERIFY(!QFile::exists(marker));
        QVERIFY(!problems.isEmpty());
        QVERIFY(!supervisor.isSupervising());
    }

    // An init that is not its sandbox's first process has something above
    // it that nothing supervises (bubblewrap's reaper): refused.
    void anInitBelowAnotherProcessIsRefused()
    {
        SyscallSupervisor supervisor;
        const QString socket = m_dir.filePath(QStringLiteral("second.sock"));
        QVERIFY(supervisor.listen(socket).has_value());
        supervisor.setPeerUid(::getuid());
        QSignalSpy problems(&supervisor, &SyscallSupervisor::problem);
        const QString marker = m_dir.filePath(QStringLiteral("ran-below"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARDEN_SUPERVISOR_SOCKET"), socket);
        env.insert(QStringLiteral("WARDEN_PROXY_SOCKET"), m_dir.filePath(QStringLiteral("no-proxy.sock")));
        env.insert(QStringLiteral("WARDEN_PROXY_BRIDGE_PORT"), QStringLiteral("0"));
        p.setProcessEnvironment(env);
        p.start(m_init, {QStringLiteral("/usr/bin/touch"), marker}); // this machine's PID namespace: not its first
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 15000);
        QCOMPARE(p.exitCode(), 126);
        QVERIFY(!QFile::exists(marker));
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.at(0).at(0).toString().contains(QLatin1String("not its first")),
                 qPrintable(problems.at(0).at(0).toString()));
        QVERIFY(!supervisor.isSupervising());
    }

    // Whatever else connects to the supervisor socket is refused and said:
    // silence, garbage, a descriptor that is no listener.
    void whatIsNotAHandoffIsRefused()
    {
        SyscallSupervisor supervisor;
        const QString socket = m_dir.filePath(QStringLiteral("hostile.sock"));
        QVERIFY(supervisor.listen(socket).has_value());
        QSignalSpy problems(&supervisor, &SyscallSupervisor::problem);
        // Garbage with a pipe's descriptor.
        QProcess sender;
        sender.start(QStringLiteral("python3"), {QStringLiteral("-c"),
                                                 QStringLiteral("import socket, os, sys\n"
                                                                "s = socket.socket(socket.AF_UNIX)\n"
                                                                "s.connect(sys.argv[1])\n"
                                                                "r, w = os.pipe()\n"
                                                                "socket.send_fds(s, [b'warden-init 1\\n'], [r])\n"
                                                                "print(s.recv(1))\n"),
                                                 socket});
        QTRY_VERIFY_WITH_TIMEOUT(sender.state() == QProcess::NotRunning, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 5000);
        QVERIFY2(problems.at(0).at(0).toString().contains(QLatin1String("without a seccomp listener")),
                 qPrintable(problems.at(0).at(0).toString()));
        QVERIFY(sender.readAllStandardOutput().contains("b''")); // no go-ahead
        QVERIFY(!supervisor.isSupervising());
    }
};

QTEST_GUILESS_MAIN(TestWardenInit)
#include "tst_wardeninit.moc"
