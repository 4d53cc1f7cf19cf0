// Live runs in real sandboxes: real bubblewrap always, a real dockerd when
// DOCKER_HOST answers (packaging/test.sh starts one). Needs the sandbox image
// (WARDEN_IMAGE_DIR, built by the test script).
#include "core/approvals/ApprovalQueue.h"
#include "core/common/ResourcePaths.h"
#include "core/common/WardenIdentity.h"
#include "core/json/JsonLookup.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RunRecovery.h"
#include "core/sandbox/BubblewrapSandbox.h"
#include "core/sandbox/DockerSandbox.h"
#include "core/scenarios/DemoScenario.h"
#include "core/store/AuditStore.h"
#include "core/store/AuditVerifier.h"
#include "core/store/RunReader.h"
#include "core/store/RunRecords.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "support/LiveRunHarness.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>

using namespace warden;

class TestSandboxRuns : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AuditStore> m_store;
    std::string m_image;

    using Outcome = test::RunOutcome;

    Outcome runToEnd(RunConfig config, std::unique_ptr<Sandbox> sandbox, ApprovalQueue &queue,
                     std::function<void(const ApprovalRequest &)> onApproval = {})
    {
        return test::runToEnd(*m_store, std::move(config), std::move(sandbox), queue, std::move(onApproval));
    }
    std::vector<nlohmann::json> syscallActions(const std::string &runId) const
    {
        return test::syscallActions(*m_store, runId);
    }
    RunConfig customRun(const std::string &script, const std::string &declaration, std::vector<std::string> args = {})
    {
        return test::agentRun(m_image, script, declaration, std::move(args));
    }

    static const char *approvalDeclaration()
    {
        return "{\"warden\": 1, \"agent\": \"cleaner\", \"purpose\": \"tests\", \"tools\": {\"delete_file\": "
               "{\"approval\": \"required\", \"params\": {\"path\": {\"type\": \"path\", \"within\": "
               "[\"/tmp/agent_session\"]}}}}}";
    }

    static std::unique_ptr<Sandbox> sandboxOn(const QString &backend, RunConfig &config, std::string &unavailable)
    {
        return test::sandboxOn(backend, config, unavailable);
    }

    // Every byte the store holds: the database, its WAL and shared memory.
    QByteArray storeBytes() const
    {
        QByteArray all;
        for (const char *suffix : {"", "-wal", "-shm"}) {
            QFile f(QString::fromStdString(m_store->path()) + QLatin1String(suffix));
            if (f.open(QIODevice::ReadOnly))
                all += f.readAll();
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
        auto store = AuditStore::open(m_dir.filePath(QStringLiteral("runs.db")).toStdString());
        QVERIFY(store.has_value());
        m_store = std::move(*store);
    }

    void codeBotDemoInBubblewrap()
    {
        auto config = DemoScenario::config("code-bot", "bwrap", m_image);
        QVERIFY(config.has_value());
        ApprovalQueue queue;
        Outcome o = runToEnd(std::move(*config), std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("finished"));
        QCOMPARE(o.judgement.label, Label::Malicious);
        bool canary = false, proxyDenied = false, scannerFound = false;
        for (const auto &[a, v] : o.actions) {
            if (a.kind == ActionKind::Egress && a.source == "proxy" && v.decision == Decision::Deny)
                proxyDenied = true;
            if (!a.canaries.empty())
                canary = true;
            if (a.source == "scanner" && a.kind == ActionKind::SecretRead)
                scannerFound = true;
        }
        QVERIFY(canary);
        QVERIFY(proxyDenied);
        QVERIFY(scannerFound);
        // Stored, chained, and the same verdicts come back from the store.
        auto reader = RunReader::open(m_store->path());
        auto detail = reader->loadRun(o.runId);
        QVERIFY(detail.has_value());
        QCOMPARE(detail->actions.size(), o.actions.size());
        QCOMPARE(QByteArray::fromStdString(detail->summary.state), QByteArray("finished"));
        QVERIFY(AuditVerifier::verify(m_store->path())->intact);
        // Canary values never reach the log; only their names do.
        QVERIFY(!storeBytes().contains("sk-proj-"));
    }

    // Canary values were stored verbatim in parameters, and the check read
    // only the main database file while the records sat in the WAL.
    void canaryValuesAreNeverStoredOrStreamed()
    {
        ApprovalQueue queue;
        Outcome o = runToEnd(customRun("leaker.py", R"({"warden": 1, "agent": "leaker", "purpose": "tests",
                                       "tools": {"note": {"params": {"text": {"type": "string"}}}}})"),
                             std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("finished"));
        QCOMPARE(o.judgement.label, Label::Malicious);
        std::string key;
        for (const auto &c : o.canaries)
            if (c.name == "AWS_ACCESS_KEY_ID")
                key = c.value;
        QVERIFY(!key.empty());
        int named = 0;
        for (const auto &[a, v] : o.actions)
            if (std::find(a.canaries.begin(), a.canaries.end(), "AWS_ACCESS_KEY_ID") != a.canaries.end()) {
                ++named;
                QCOMPARE(v.decision, Decision::Deny);
            }
        QCOMPARE(named, 4); // raw, base64 and hex parameters, hex in a proxied URL
        const QByteArray value = QByteArray::fromStdString(key);
        const QByteArray bytes = storeBytes();
        QVERIFY(bytes.contains("[canary AWS_ACCESS_KEY_ID sha256:"));
        for (const QByteArray &form : {value, value.toHex(), QByteArray("id=" + value).toBase64()})
            QVERIFY2(!bytes.contains(form), form.constData());
        QVERIFY(o.output.join(QLatin1Char('\n')).contains(QStringLiteral("my key is [canary AWS_ACCESS_KEY_ID")));
        QVERIFY(!o.output.join(QLatin1Char('\n')).contains(QString::fromStdString(key)));
        // Each response names the action it answers.
        QVERIFY(bytes.contains("\"answers\":1"));
        QVERIFY(bytes.contains("\"answers\":3"));
    }

    // Behind the model door the agent holds a stand-in key, never the real
    // one, and the stand-in is a canary: sent out, it is refused and named,
    // and the run is judged malicious. The door serves model requests only.
    void theStandInKeyIsACanary()
    {
        // (A URL in a raw string is written with JSON's "\/": moc reads "//" there as a comment.)
        qputenv("WARDEN_TEST_DOOR_KEY", "the-real-door-key");
        ApprovalQueue queue;
        Outcome o = runToEnd(customRun("door_prober.py", R"({"warden": 1, "agent": "prober", "purpose": "tests",
            "destinations": ["127.0.0.1:9"], "internal_destinations": ["127.0.0.1:9"],
            "models": {"anthropic": {"api": "anthropic", "url": "http:\/\/127.0.0.1:9", "key": "env:WARDEN_TEST_DOOR_KEY"}}})"),
                             std::make_unique<BubblewrapSandbox>(), queue);
        qunsetenv("WARDEN_TEST_DOOR_KEY");
        QCOMPARE(o.state, QStringLiteral("finished"));
        const QString output = o.output.join(QLatin1Char('\n'));
        QVERIFY2(output.contains(QLatin1String("stand-in: sk-ant-api03- real key seen: False")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("refused http://127.0.0.1:3130/v1/../../admin HTTP Error 404")),
                 qPrintable(output));
        bool named = false;
        for (const auto &[a, v] : o.actions)
            if (a.kind == ActionKind::Egress &&
                std::find(a.canaries.begin(), a.canaries.end(), "ANTHROPIC_API_KEY") != a.canaries.end()) {
                named = true;
                QCOMPARE(v.decision, Decision::Deny);
            }
        QVERIFY2(named, qPrintable(output));
        QCOMPARE(o.judgement.label, Label::Malicious);
        QVERIFY(!storeBytes().contains("the-real-door-key"));
    }

    void escapeAttemptsFail_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("bubblewrap") << QStringLiteral("bwrap");
        QTest::newRow("docker") << QStringLiteral("docker");
    }

    void escapeAttemptsFail()
    {
        QFETCH(QString, backend);
        ApprovalQueue queue;
        QTemporaryDir hostDir(QStringLiteral("/var/tmp/warden-host-XXXXXX"));
        const QString marker = hostDir.filePath(QStringLiteral("marker"));
        QFile m(marker);
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.close();
        // The programs it starts are declared: the fork flood and the memory
        // flood must meet the limits, not the process policy. So is a write
        // to /usr: the supervisor lets it by, and the read-only root must
        // refuse it.
        RunConfig config = customRun(
            "escape.py",
            "{\"warden\": 1, \"agent\": \"escaper\", \"purpose\": \"tests\", \"processes\": [\"python3\", \"sleep\"],"
            " \"files\": {\"write\": [\"/usr\"]}}",
            {marker.toStdString()});
        std::string unavailable;
        std::unique_ptr<Sandbox> sandbox = sandboxOn(backend, config, unavailable);
        if (!sandbox)
            WARDEN_SKIP_WITHOUT_ENGINE(unavailable.c_str());
        Outcome o = runToEnd(std::move(config), std::move(sandbox), queue);
        QStringList attempts;
        for (const QString &line : o.output) {
            auto doc = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (!doc.is_object() || !doc.contains("attempt"))
                continue;
            attempts << QString::fromStdString(doc.at("attempt").get<std::string>());
            QVERIFY2(!doc.at("escaped").get<bool>(), line.toUtf8().constData());
        }
        QVERIFY2(attempts.size() == 9, qPrintable(o.state + QStringLiteral(": ") + o.detail + QStringLiteral("\n") +
                                                  o.output.join(QLatin1Char('\n'))));
        // The gateway abuse is on record where an investigator can see it.
        auto db = SqliteConnection::open(m_store->path(), SqliteConnection::Mode::ReadOnly);
        auto stmt = db->prepare("SELECT COUNT(*) FROM audit WHERE type = 'protocol_violation' AND run_id = ?");
        stmt->bind(1, o.runId);
        QVERIFY(*stmt->step());
        QVERIFY(stmt->columnInt(0) >= 3);
        // The direct connection was seen where it happened: a system call,
        // judged undeclared and refused, on the run's timeline.
        const std::vector<nlohmann::json> seen = syscallActions(o.runId);
        QVERIFY2(std::any_of(seen.begin(), seen.end(),
                             [](const nlohmann::json &a) {
                                 return a.value("kind", "") == "egress" && a.value("host", "") == "192.0.2.1" &&
                                        a.value("port", 0) == 80;
                             }),
                 nlohmann::json(seen).dump().c_str());
        // The write to /usr, declared and so let by, is on record all the same.
        QVERIFY2(std::any_of(seen.begin(), seen.end(),
                             [](const nlohmann::json &a) {
                                 return a.value("kind", "") == "file" && a.value("path", "") == "/usr/warden-escape";
                             }),
                 nlohmann::json(seen).dump().c_str());
        // And the fork flood's programs, each one (declared, so allowed).
        QVERIFY(std::count_if(seen.begin(), seen.end(), [](const nlohmann::json &a) {
                    return a.value("kind", "") == "process" && a.contains("argv") &&
                           a.at("argv").at(0).get<std::string>().ends_with("/sleep");
                }) >= 10);
    }

    // bwrap's --size applies to the next --tmpfs only: /run was unsized.
    // Both scratch file systems refuse a write past tmpfsMb, in a real sandbox.
    void everyTmpfsIsSized()
    {
        SandboxSpec spec;
        spec.image = m_image;
        spec.tmpfsMb = 4;
        spec.argv = {"python3", "-c",
                     "import sys\n"
                     "for d in ('/tmp', '/run'):\n"
                     "    try:\n"
                     "        open(d + '/fill', 'wb').write(b'0' * (5 * 1024 * 1024))\n"
                     "        print(d, 'took 5 MiB')\n"
                     "    except OSError as e:\n"
                     "        print(d, 'refused', e.errno)\n"};
        QProcess p;
        QVERIFY(BubblewrapSandbox::configure(&p, spec));
        p.start();
        QVERIFY(p.waitForFinished(30000));
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains("/tmp refused 28") && out.contains("/run refused 28"),
                 QByteArray(out + p.readAllStandardError()).constData());
    }

    // An MCP server's directories are mounted at their host paths, and a
    // checkout may sit under a top-level directory the image lacks (CI's
    // /check): the assembled root makes the path, and stays read-only.
    void anAssembledRootTakesABindTheImageHasNoPlaceFor()
    {
        QTemporaryDir host;
        QVERIFY(host.isValid());
        // Run as root, Warden starts bwrap as nobody: the directory is theirs.
        QVERIFY(QFile::setPermissions(host.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                       QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                       QFileDevice::WriteOther | QFileDevice::ExeOther));
        SandboxSpec spec;
        spec.image = m_image;
        spec.assembledRoot = true;
        spec.binds.push_back({host.path().toStdString(), "/not-in-any-image/deep/data", true});
        spec.workdir = "/not-in-any-image/deep/data";
        spec.argv = {"python3", "-c",
                     "import os\n"
                     "open('written', 'w').write('here')\n"
                     "for p in ('/new-file', '/usr/new-file'):\n"
                     "    try:\n"
                     "        open(p, 'w')\n"
                     "        print(p, 'written')\n"
                     "    except OSError as e:\n"
                     "        print(p, 'refused', e.errno)\n"
                     "print('bin', os.readlink('/bin'), os.path.isdir('/proc/self'))\n"};
        QProcess p;
        QVERIFY(BubblewrapSandbox::configure(&p, spec));
        p.start();
        QVERIFY(p.waitForFinished(30000));
        const QByteArray out = p.readAllStandardOutput();
        const QByteArray all = out + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, all.constData());
        QVERIFY2(out.contains("/new-file refused 30") && out.contains("/usr/new-file refused 30"), all.constData());
        QVERIFY2(out.contains("bin usr/bin True"), all.constData());
        QFile written(host.filePath(QStringLiteral("written")));
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), QByteArray("here"));
    }

    // The session keyring, io_uring, a new user namespace and clone3 all work
    // in a plain unprivileged bwrap (tried on this machine): only the seccomp
    // filter and --disable-userns refuse them. ptrace and userfaultfd are
    // refused there too, by the kernel's own settings; the filter makes that
    // independent of them.
    void theSeccompFilterRefusesWhatDockersDefaultRefuses()
    {
#if !defined(__x86_64__)
        QSKIP("the syscall numbers below are x86_64's");
#endif
        SandboxSpec spec;
        spec.image = m_image;
        spec.env = {{"WARDEN_TEST_CANARY", "cmdline-canary-7f3a9"}};
        spec.argv = {
            "python3", "-c",
            "import ctypes, os, time\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "def call(name, nr, *args):\n"
            "    r = libc.syscall(nr, *args)\n"
            "    print(name, r, ctypes.get_errno(), flush=True)\n"
            "buf = ctypes.create_string_buffer(120)\n"
            "call('ptrace', 101, 0, 0, 0, 0)\n" // PTRACE_TRACEME
            "call('keyctl', 250, 0, -3, 0)\n"   // KEYCTL_GET_KEYRING_ID, session
            "call('io_uring_setup', 425, 1, buf)\n"
            "call('unshare_user', 272, 0x10000000)\n" // CLONE_NEWUSER
            "call('clone3', 435, 0, 0)\n"
            "call('userfaultfd', 323, 0)\n"
            "print('status', [l for l in open('/proc/self/status') if l.startswith('Seccomp:')][0].split()[1])\n"
            "time.sleep(1)\n"};
        QProcess p;
        QVERIFY(BubblewrapSandbox::configure(&p, spec));
        p.start();
        QVERIFY(p.waitForStarted(10000));
        QTest::qWait(500);
        // The environment is not on any command line on the host.
        for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (cmdline.open(QIODevice::ReadOnly))
                QVERIFY2(!cmdline.readAll().contains("cmdline-canary-7f3a9"), qPrintable(pid));
        }
        QVERIFY(p.waitForFinished(30000));
        const QByteArray out = p.readAllStandardOutput();
        for (const char *line : {"ptrace -1 1\n", "keyctl -1 1\n", "io_uring_setup -1 1\n", "unshare_user -1 1\n",
                                 "clone3 -1 38\n", "userfaultfd -1 1\n", "status 2\n"})
            QVERIFY2(out.contains(line),
                     QByteArray(QByteArray(line) + " not in:\n" + out + p.readAllStandardError()).constData());
    }

    // rlimits bound each process; two processes under the limit each went
    // over it together. The run's cgroup bounds them as a whole, and the
    // kill is reported as a memory kill, not as an exit status.
    void memoryIsLimitedForTheWholeRun_data() { escapeAttemptsFail_data(); }

    void memoryIsLimitedForTheWholeRun()
    {
        QFETCH(QString, backend);
        ApprovalQueue queue;
        RunConfig c = customRun(
            "hog.py", "{\"warden\": 1, \"agent\": \"hog\", \"purpose\": \"tests\", \"processes\": [\"python3\"]}",
            {"150"});
        c.sandbox.memoryMb = 256;
        std::string unavailable;
        std::unique_ptr<Sandbox> sandbox = sandboxOn(backend, c, unavailable);
        if (!sandbox)
            WARDEN_SKIP_WITHOUT_ENGINE(unavailable.c_str());
        if (backend == QLatin1String("bwrap") && ::getuid() != 0)
            QSKIP("cgroups for runs need root here; the hardening record says rlimits only");
        Outcome o = runToEnd(std::move(c), std::move(sandbox), queue);
        QVERIFY2(!o.output.contains(QStringLiteral("both allocated")), qPrintable(o.output.join(QLatin1Char('\n'))));
        QCOMPARE(o.state, QStringLiteral("failed"));
        QVERIFY2(o.detail.contains(QStringLiteral("killed for memory")), qPrintable(o.detail));
    }

    // An agent that never stops acting filled the store without bound.
    void aRunPastItsQuotaIsEnded()
    {
        ApprovalQueue queue;
        RunConfig c = customRun("flood.py", R"({"warden": 1, "agent": "flooder", "purpose": "tests",
                                               "tools": {"note": {"params": {"text": {"type": "string"}}}}})",
                                {"5000"});
        c.maxRecords = 90;
        Outcome o = runToEnd(std::move(c), std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("killed"));
        QVERIFY2(o.detail.contains(QStringLiteral("audit quota")), qPrintable(o.detail));
        QVERIFY(!o.output.contains(QStringLiteral("sent all")));
        auto db = SqliteConnection::open(m_store->path(), SqliteConnection::Mode::ReadOnly);
        auto stmt = db->prepare("SELECT COUNT(*) FROM audit WHERE run_id = ?");
        stmt->bind(1, o.runId);
        QVERIFY(*stmt->step());
        QVERIFY2(stmt->columnInt(0) <= 90 + 10, QByteArray::number(stmt->columnInt(0)).constData());
        QVERIFY(AuditVerifier::verify(m_store->path())->intact);
    }

    void wallClockKills()
    {
        ApprovalQueue queue;
        RunConfig c = customRun("sleeper.py", "{\"warden\": 1, \"agent\": \"sleeper\", \"purpose\": \"tests\"}");
        c.sandbox.wallSeconds = 3;
        Outcome o = runToEnd(std::move(c), std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("killed"));
        QVERIFY(o.detail.contains(QStringLiteral("wall-clock")));
    }

    // A custom run of a command the image does not have said only "exited
    // with status 127": the reason and the shell's or loader's words now.
    void aMissingCommandSaysWhy()
    {
        ApprovalQueue queue;
        RunConfig c = customRun("sleeper.py", "{\"warden\": 1, \"agent\": \"typo\", \"purpose\": \"tests\"}");
        c.sandbox.argv = {"/bin/sh", "-c", "no-such-agent-cli --help"};
        Outcome o = runToEnd(std::move(c), std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("failed"));
        QVERIFY2(o.detail.contains(QStringLiteral("exited with status 127: the command was not found in the sandbox")),
                 qPrintable(o.detail));
        QVERIFY2(o.detail.contains(QStringLiteral("no-such-agent-cli")), qPrintable(o.detail));
    }

    void approvals_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("expected");
        QTest::newRow("approve") << QStringLiteral("approve") << QStringLiteral("approved");
        QTest::newRow("deny with reason") << QStringLiteral("reject") << QStringLiteral("rejected");
        QTest::newRow("silence") << QStringLiteral("silence") << QStringLiteral("expired");
    }
    void approvals()
    {
        QFETCH(QString, how);
        QFETCH(QString, expected);
        ApprovalQueue queue;
        RunConfig c = customRun("approver.py", approvalDeclaration());
        c.approvalTimeoutSeconds = 3;
        Outcome o = runToEnd(std::move(c), std::make_unique<BubblewrapSandbox>(), queue, [&](const ApprovalRequest &r) {
            if (how == QLatin1String("approve"))
                queue.decide(r.id, ApprovalQueue::Choice::Approve, "reviewer", "");
            else if (how == QLatin1String("reject"))
                queue.decide(r.id, ApprovalQueue::Choice::Reject, "reviewer", "not today");
        });
        QCOMPARE(o.state, QStringLiteral("finished"));
        QStringList answers = o.output.filter(QStringLiteral("decision"));
        QCOMPARE(answers.size(), 1);
        auto doc = nlohmann::json::parse(answers.first().toStdString());
        QCOMPARE(QString::fromStdString(doc.at("decision").get<std::string>()), expected);
        if (how == QLatin1String("approve"))
            QVERIFY(
                QString::fromStdString(doc.at("reason").get<std::string>()).contains(QStringLiteral("no executor")));
        if (how == QLatin1String("reject"))
            QCOMPARE(QString::fromStdString(doc.at("reason").get<std::string>()), QStringLiteral("not today"));
    }

    void approveForRunCoversRepeats()
    {
        ApprovalQueue queue;
        int asked = 0;
        Outcome o = runToEnd(customRun("approver.py", approvalDeclaration(), {"3"}),
                             std::make_unique<BubblewrapSandbox>(), queue, [&](const ApprovalRequest &r) {
                                 ++asked;
                                 queue.decide(r.id, ApprovalQueue::Choice::ApproveForRun, "reviewer", "");
                             });
        QCOMPARE(asked, 1);
        QCOMPARE(o.output.filter(QStringLiteral("\"approved\"")).size(), 3);
    }

    void restartDeniesPending()
    {
        // A warden that died with a request pending: on restart it is denied, never executed.
        const std::string path = m_dir.filePath(QStringLiteral("crashed.db")).toStdString();
        {
            auto store = AuditStore::open(path);
            auto decl = warden::test::declaration(approvalDeclaration());
            ApprovalRequest pending;
            pending.id = "abc123";
            pending.runId = "run-crashed";
            pending.seq = 1;
            pending.tool = "delete_file";
            AuditRecord r;
            r.runId = pending.runId;
            r.type = "approval";
            r.seq = 1;
            r.payload = pending.toJson().dump();
            QVERIFY((*store)
                        ->appendAndWait({RunRecords::runStarted("run-crashed", *decl, "test", "bwrap"),
                                         RunRecords::runState("run-crashed", "running", "x"), r})
                        .has_value());
        }
        auto store = AuditStore::open(path);
        auto outcome = RunRecovery::recover(**store);
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->approvalsExpired, 1);
        QCOMPARE(outcome->runsFailed, 1);
        auto again = RunRecovery::recover(**store);
        QCOMPARE(again->approvalsExpired, 0);
        auto runs = RunReader::open(path)->listRuns();
        QCOMPARE(QByteArray::fromStdString(runs->front().state), QByteArray("failed"));
    }

    void sweepsRunDirectoriesOfDeadWardens()
    {
        // A pid that certainly belonged to a process which has exited.
        QProcess ended;
        ended.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
        QVERIFY(ended.waitForFinished());
        const qint64 dead = ended.readAllStandardOutput().trimmed().toLongLong();
        QVERIFY(dead > 1);
        const QString tmp = QDir::tempPath();
        const QString stale = tmp + QStringLiteral("/warden-run-%1-sweep1").arg(dead);
        const QString live = tmp + QStringLiteral("/warden-run-%1-sweep2").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir().mkpath(stale + QStringLiteral("/nested")));
        QVERIFY(QDir().mkpath(live));
        // A link out of the stale directory: the sweep must not follow it.
        const QString outside = m_dir.filePath(QStringLiteral("keep-me"));
        QFile keep(outside);
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("precious");
        keep.close();
        QVERIFY(QFile::link(outside, stale + QStringLiteral("/nested/link")));
        QVERIFY(QFile::link(m_dir.path(), stale + QStringLiteral("/dirlink")));

        QVERIFY(RunRecovery::sweepRunDirectories() >= 1);
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(live));
        QVERIFY(QFileInfo::exists(outside));
        QVERIFY(QDir(live).removeRecursively());
    }

    void codeBotDemoInDocker()
    {
        DockerClient probe(DockerEndpoint::fromEnvironment());
        auto version = probe.negotiate();
        if (!version)
            WARDEN_SKIP_WITHOUT_ENGINE(("no Docker engine answers: " + version.error().message).c_str());
        auto config = DemoScenario::config("code-bot", "docker", "warden-sandbox:1");
        QVERIFY(config.has_value());
        ApprovalQueue queue;
        Outcome o =
            runToEnd(std::move(*config), std::make_unique<DockerSandbox>(DockerEndpoint::fromEnvironment()), queue);
        QVERIFY2(o.state == QLatin1String("finished"), qPrintable(o.detail));
        QCOMPARE(o.judgement.label, Label::Malicious);
        // The container is gone afterwards.
        auto left = probe.request("GET", "/containers/json?all=1");
        QVERIFY(left.has_value());
        QVERIFY(left->body.find(o.runId) == std::string::npos);
    }

    void codeBotDemoOnPodman()
    {
        // Podman's Docker-compatible API, which packaging/test.sh starts.
        const QByteArray host = qgetenv("WARDEN_TEST_PODMAN_HOST");
        if (host.isEmpty() || !host.startsWith("unix://"))
            WARDEN_SKIP_WITHOUT_ENGINE("no Podman service (packaging/test.sh starts one)");
        DockerEndpoint podman;
        podman.unixSocket = host.mid(7).toStdString();
        DockerClient probe(podman);
        auto version = probe.negotiate();
        QVERIFY2(version.has_value(), version ? "" : version.error().message.c_str());
        auto config = DemoScenario::config("code-bot", "docker", "warden-sandbox:1");
        QVERIFY(config.has_value());
        ApprovalQueue queue;
        Outcome o = runToEnd(std::move(*config), std::make_unique<DockerSandbox>(podman), queue);
        QVERIFY2(o.state == QLatin1String("finished"), qPrintable(o.detail));
        QCOMPARE(o.judgement.label, Label::Malicious);
        auto left = probe.request("GET", "/containers/json?all=1");
        QVERIFY(left.has_value());
        QVERIFY(left->body.find(o.runId) == std::string::npos);
    }

    void theSweepRemovesOnlyADeadWardensContainers()
    {
        DockerClient client(DockerEndpoint::fromEnvironment());
        if (auto version = client.negotiate(); !version)
            WARDEN_SKIP_WITHOUT_ENGINE(("no Docker engine answers: " + version.error().message).c_str());
        // Two stopped containers as two wardens left them: this live process's,
        // and one whose warden has exited. A second warden starting (a console
        // beside `wardenctl run`) must not take the live one's.
        QProcess gone;
        gone.start(QStringLiteral("true"), {});
        gone.waitForFinished();
        const std::string self = WardenIdentity::self();
        const std::string dead =
            self.substr(0, self.find(':', self.find(':') + 1) + 1) + std::to_string(gone.processId()) + ":1";
        auto create = [&](const std::string &owner) {
            const nlohmann::json body = {{"Image", "warden-sandbox:1"},
                                         {"Cmd", {"true"}},
                                         {"Labels", {{"dev.warden.run", "sweep-test"}, {"dev.warden.owner", owner}}}};
            auto made = client.request("POST", "/containers/create", body.dump());
            return made && made->status == 201 ? JsonLookup::stringOr(made->json(), "Id") : std::string();
        };
        const std::string live = create(self), left = create(dead);
        QVERIFY(!live.empty() && !left.empty());
        auto removed = DockerSandbox::removeLeftovers(DockerEndpoint::fromEnvironment());
        QVERIFY2(removed.has_value(), removed ? "" : removed.error().message.c_str());
        QVERIFY(*removed >= 1);
        QCOMPARE(client.request("GET", "/containers/" + left + "/json")->status, 404L);
        QCOMPARE(client.request("GET", "/containers/" + live + "/json")->status, 200L);
        (void)client.request("DELETE", "/containers/" + live + "?force=1");
    }

    void dockerOverTcpWithTls()
    {
        const QByteArray host = qgetenv("WARDEN_TEST_DOCKER_TLS_HOST");
        const QByteArray certs = qgetenv("WARDEN_TEST_DOCKER_CERT_PATH");
        if (host.isEmpty() || certs.isEmpty())
            WARDEN_SKIP_WITHOUT_ENGINE(
                "no TLS engine configured (packaging/test.sh starts one when it starts dockerd)");
        DockerEndpoint tls;
        tls.unixSocket.clear();
        tls.tcpUrl = "https://" + host.mid(6).toStdString();
        tls.certPath = certs.toStdString();
        tls.tlsVerify = true;
        DockerClient client(tls);
        auto version = client.negotiate();
        QVERIFY2(version.has_value(), version ? "" : version.error().message.c_str());
        // Without a client certificate the engine refuses.
        DockerEndpoint anonymous = tls;
        anonymous.certPath = m_dir.path().toStdString();
        DockerClient stranger(anonymous);
        QVERIFY(!stranger.negotiate().has_value());
        // A whole run over TLS.
        auto config = DemoScenario::config("storage-exfil", "docker", "warden-sandbox:1");
        QVERIFY(config.has_value());
        ApprovalQueue queue;
        Outcome o = runToEnd(std::move(*config), std::make_unique<DockerSandbox>(tls), queue);
        QVERIFY2(o.state == QLatin1String("finished"), qPrintable(o.detail));
        QCOMPARE(o.judgement.label, Label::Malicious);
    }
};

QTEST_GUILESS_MAIN(TestSandboxRuns)
#include "tst_sandboxruns.moc"
