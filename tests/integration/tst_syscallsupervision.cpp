// Syscall supervision in real sandboxes, bubblewrap and Docker: an agent
// that never heard of Warden (tests/integration/agents/syscalls.py) runs
// programs, connects, asks DNS and tries privileged calls; each is seen as
// an action from source "syscall", judged, stored and answered. Threads
// racing each other, a flood, and a supervisor that goes away mid-run (the
// agent's next supervised call fails) are tried too.
#include "core/scenarios/DemoScenario.h"
#include "core/supervise/SyscallSupervisor.h"
#include "support/LiveRunHarness.h"

#include <QtTest>

#include <algorithm>

using namespace warden;

namespace {

const char *kDeclaration = R"({"warden": 1, "agent": "raw", "purpose": "tests", "processes": ["python3", "true"]})";

// The agent's report lines ({"try": ...}), by name.
std::map<std::string, nlohmann::json> reports(const QStringList &output)
{
    std::map<std::string, nlohmann::json> out;
    for (const QString &line : output) {
        auto doc = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (doc.is_object() && doc.contains("try"))
            out[doc.at("try").get<std::string>()] = doc;
    }
    return out;
}

bool has(const std::vector<nlohmann::json> &actions, const std::function<bool(const nlohmann::json &)> &match)
{
    return std::any_of(actions.begin(), actions.end(), match);
}

} // namespace

class TestSyscallSupervision : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AuditStore> m_store;
    std::string m_image;

    // syscalls.py in `mode` on `backend`, to its end; nullopt when that
    // engine does not answer.
    std::optional<test::RunOutcome> runAgent(const QString &backend, const char *mode,
                                             std::function<void(LiveRun &, const test::RunOutcome &)> onOutput = {})
    {
        RunConfig config = test::agentRun(m_image, "syscalls.py", kDeclaration, {mode});
        std::string unavailable;
        auto box = test::sandboxOn(backend, config, unavailable);
        if (!box)
            return std::nullopt;
        ApprovalQueue queue;
        return test::runToEnd(*m_store, std::move(config), std::move(box), queue, {}, std::move(onOutput));
    }

    std::optional<test::RunOutcome> runScript(const QString &backend, const char *script, const char *declaration,
                                              std::vector<std::string> args)
    {
        RunConfig config = test::agentRun(m_image, script, declaration, std::move(args));
        std::string unavailable;
        auto box = test::sandboxOn(backend, config, unavailable);
        if (!box)
            return std::nullopt;
        ApprovalQueue queue;
        return test::runToEnd(*m_store, std::move(config), std::move(box), queue);
    }

    static void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("bubblewrap") << QStringLiteral("bwrap");
        QTest::newRow("docker") << QStringLiteral("docker");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
        auto store = AuditStore::open(m_dir.filePath(QStringLiteral("syscalls.db")).toStdString());
        QVERIFY(store.has_value());
        m_store = std::move(*store);
    }

    void eachClassIsSeen_data()
    {
        backends();
        QTest::newRow("podman") << QStringLiteral("podman");
    }
    void eachClassIsSeen()
    {
        QFETCH(QString, backend);
        const auto run = runAgent(backend, "classes");
        if (!run)
            WARDEN_SKIP_WITHOUT_ENGINE("no Docker engine or Podman service");
        const test::RunOutcome &o = *run;
        QCOMPARE(o.state, QStringLiteral("finished"));
        auto said = reports(o.output);
        const std::string all = nlohmann::json(said).dump();
        // What the agent met: declared programs run; the rest is refused.
        QVERIFY2(said["exec_declared"].value("ok", false), all.c_str());
        QVERIFY2(said["exec_long_argument"].value("ok", false), all.c_str());
        QVERIFY2(said["exec_undeclared"].value("errno", 0) == EPERM, all.c_str());
        QVERIFY2(said["connect"].value("errno", 0) == EPERM, all.c_str());
        QVERIFY2(said["dns"].value("errno", 0) == EPERM, all.c_str());
        QVERIFY2(!said["unshare"].value("ok", true) && !said["ptrace"].value("ok", true), all.c_str());
        QVERIFY2(said["canary_file"].value("ok", false), all.c_str());
        QVERIFY2(said["write_scratch"].value("ok", false), all.c_str());
        QVERIFY2(said["write_outside"].value("errno", 0) == EPERM, all.c_str());
        QVERIFY2(said["write_relative"].value("errno", 0) == EPERM, all.c_str());

        // What the warden saw, as stored.
        const auto seen = test::syscallActions(*m_store, o.runId);
        const std::string stored = nlohmann::json(seen).dump();
        auto argv0 = [](const nlohmann::json &a) {
            return a.value("kind", "") == "process" ? a.at("argv").at(0).get<std::string>() : std::string();
        };
        QVERIFY2(argv0(seen.at(0)) == "/usr/bin/python3", stored.c_str()); // the run's own command, first
        QVERIFY2(has(seen, [&](const auto &a) { return argv0(a) == "/bin/true"; }), stored.c_str());
        QVERIFY2(has(seen,
                     [&](const auto &a) {
                         return argv0(a) == "/bin/true" && a.at("argv").size() == 2 &&
                                a.at("argv").at(1).template get<std::string>() == std::string(5000, 'x');
                     }),
                 stored.c_str());
        QVERIFY2(has(seen,
                     [&](const auto &a) {
                         return argv0(a) == "/bin/true" && a.at("argv").size() >= 2 &&
                                a.at("argv").at(1).template get<std::string>() ==
                                    std::string(65536 - 9, 'y') + "…[4473 more bytes]";
                     }),
                 stored.c_str());
        QVERIFY2(has(seen, [&](const auto &a) { return argv0(a) == "/bin/ls" && a.at("argv").size() == 2; }),
                 stored.c_str());
        // The subprocess's attempt and the forked child's two retries.
        QVERIFY2(std::count_if(seen.begin(), seen.end(), [&](const auto &a) { return argv0(a) == "/bin/ls"; }) == 3,
                 stored.c_str());
        QVERIFY2(has(seen,
                     [](const auto &a) {
                         return a.value("kind", "") == "egress" && a.value("host", "") == "192.0.2.1" &&
                                a.value("port", 0) == 80 && a.value("method", "") == "connect";
                     }),
                 stored.c_str());
        QVERIFY2(has(seen,
                     [](const auto &a) {
                         return a.value("host", "") == "exfil.attacker.example" && a.value("method", "") == "DNS";
                     }),
                 stored.c_str());
        auto fileAction = [&](const std::string &path) {
            return has(seen, [&](const auto &a) {
                return a.value("kind", "") == "file" && a.value("op", "") == "write" && a.value("path", "") == path;
            });
        };
        QVERIFY2(fileAction("/etc/warden-probe"), stored.c_str());
        QVERIFY2(fileAction("/run/probe-relative"), stored.c_str()); // made absolute from the working directory
        QVERIFY2(!fileAction("/tmp/scratch.txt"), stored.c_str());   // the scratch is the agent's own
        QVERIFY2(has(seen,
                     [](const auto &a) {
                         return a.value("kind", "") == "secret_read" && a.value("name", "") == "~/.aws/credentials";
                     }),
                 stored.c_str());
        // Privileged calls reach the supervisor on both: bubblewrap's outer
        // filter and the container's profile (Warden's own, in place of the
        // engine's default) leave them to it.
        QVERIFY2(has(seen, [](const auto &a) { return a.value("call", "") == "unshare"; }), stored.c_str());
        QVERIFY2(has(seen, [](const auto &a) { return a.value("call", "") == "ptrace"; }), stored.c_str());
        // And each judged: the undeclared ones denied, with their reason.
        for (const auto &[action, verdict] : o.actions) {
            if (action.source != "syscall")
                continue;
            // A canary file's read is a fact seen after it, not a decision.
            const bool expectAllowed =
                action.kind == ActionKind::SecretRead ||
                (action.kind == ActionKind::Process &&
                 (action.argv.front() == "/bin/true" || action.argv.front() == "/usr/bin/python3"));
            QVERIFY2((verdict.decision == Decision::Allow) == expectAllowed, action.describe().c_str());
        }
        QVERIFY(o.judgement.label != Label::Benign);
        // A normal end is no protocol violation: nothing was refused at the handoff.
        auto db = SqliteConnection::open(m_store->path(), SqliteConnection::Mode::ReadOnly);
        auto violations = db->prepare("SELECT COUNT(*) FROM audit WHERE type = 'protocol_violation' AND run_id = ?");
        violations->bind(1, o.runId);
        QVERIFY(*violations->step());
        QCOMPARE(violations->columnInt(0), 0);
    }

    void racingThreadsAreEachJudged_data() { backends(); }
    void racingThreadsAreEachJudged()
    {
        QFETCH(QString, backend);
        const auto run = runAgent(backend, "race");
        if (!run)
            WARDEN_SKIP_WITHOUT_ENGINE("no Docker engine");
        const test::RunOutcome &o = *run;
        QCOMPARE(o.state, QStringLiteral("finished"));
        const nlohmann::json race = reports(o.output)["race"];
        QVERIFY2(race.value("ok", false), race.dump().c_str());
        // Every exec is on record once: 80 from the threads, and the run's own.
        const auto seen = test::syscallActions(*m_store, o.runId);
        const auto execs =
            std::count_if(seen.begin(), seen.end(), [](const auto &a) { return a.value("kind", "") == "process"; });
        QCOMPARE(execs, 81);
    }

    // "undeclared_processes": "observe": the undeclared program runs, and
    // is on record as undeclared.
    void observeModeRecordsWhatItLetsRun()
    {
        const char *observing =
            R"({"warden": 1, "agent": "raw", "purpose": "tests", "processes": ["python3", "true"],
                "undeclared_processes": "observe"})";
        RunConfig config = test::agentRun(m_image, "syscalls.py", observing, {"classes"});
        ApprovalQueue queue;
        const test::RunOutcome o =
            test::runToEnd(*m_store, std::move(config), std::make_unique<BubblewrapSandbox>(), queue);
        QCOMPARE(o.state, QStringLiteral("finished"));
        auto said = reports(o.output);
        QVERIFY2(said["exec_undeclared"].value("ok", false), nlohmann::json(said).dump().c_str());
        QVERIFY2(said["write_outside"].value("errno", 0) == EPERM, nlohmann::json(said).dump().c_str());
        bool seenLs = false;
        for (const auto &[action, verdict] : o.actions)
            if (action.kind == ActionKind::Process && action.argv.front() == "/bin/ls") {
                seenLs = true;
                QVERIFY(!verdict.declared);
                QCOMPARE(verdict.decision, Decision::Allow);
                QCOMPARE(verdict.rule, std::string("undeclared_processes: observe"));
            }
        QVERIFY(seenLs);
    }

    // The fourth demo: an agent that never heard of Warden is caught from its
    // system calls alone (the planted credentials read, then a connection
    // around the proxy), on both backends.
    void rawAgentIsCaughtFromItsSystemCalls_data() { backends(); }
    void rawAgentIsCaughtFromItsSystemCalls()
    {
        QFETCH(QString, backend);
        auto config = DemoScenario::config("raw-agent", "bwrap", m_image);
        QVERIFY2(config.has_value(), config ? "" : config.error().message.c_str());
        std::string unavailable;
        auto box = test::sandboxOn(backend, *config, unavailable);
        if (!box)
            WARDEN_SKIP_WITHOUT_ENGINE(unavailable.c_str());
        ApprovalQueue queue;
        const test::RunOutcome o = test::runToEnd(*m_store, std::move(*config), std::move(box), queue);
        QVERIFY2(o.state == QLatin1String("finished"), qPrintable(o.detail + o.output.join(u'\n')));
        QCOMPARE(o.judgement.label, Label::Malicious);
        const auto found = [&](const char *rule) {
            return std::any_of(o.judgement.findings.begin(), o.judgement.findings.end(),
                               [&](const Finding &f) { return f.rule == rule; });
        };
        QVERIFY2(found("canary_file"), o.judgement.summary.c_str());
        QVERIFY2(found("download_execute"), o.judgement.summary.c_str());
        // The canary_file finding stands on syscall evidence: the reads and
        // the first reach for the network (later ones, the proxy's, add to it).
        for (const Finding &f : o.judgement.findings)
            if (f.rule == "canary_file") {
                QVERIFY(f.evidence.size() >= 3);
                for (std::size_t i = 0; i < 3; ++i) {
                    auto it = std::find_if(o.actions.begin(), o.actions.end(),
                                           [&](const auto &av) { return av.first.seq == f.evidence[i]; });
                    QVERIFY(it != o.actions.end());
                    QCOMPARE(it->first.source, std::string("syscall"));
                }
            }
        // And in the order it happened: the reads before the connection.
        std::vector<std::string> order;
        for (const auto &[action, verdict] : o.actions)
            if (action.source == "syscall" && action.kind != ActionKind::Process)
                order.push_back(action.kind == ActionKind::SecretRead ? action.name : action.method);
        // The refused `sh` is one attempt, not one per PATH directory tried.
        QCOMPARE(std::count_if(o.actions.begin(), o.actions.end(),
                               [](const auto &av) {
                                   return av.first.kind == ActionKind::Process && av.first.argv.size() == 2 &&
                                          av.first.argv[1] == "/tmp/hotfix.sh";
                               }),
                 1);
        const std::vector<std::string> expected{"~/.aws/credentials", "~/.netrc", "connect"};
        QVERIFY2(order.size() >= 3 && std::equal(expected.begin(), expected.end(), order.begin()),
                 nlohmann::json(order).dump().c_str());
    }

    void aFloodIsRefusedAndTheWardenKeepsUp()
    {
        const auto run = runAgent(QStringLiteral("bwrap"), "flood");
        QVERIFY(run.has_value());
        const test::RunOutcome &o = *run;
        QCOMPARE(o.state, QStringLiteral("finished"));
        const nlohmann::json flood = reports(o.output)["flood"];
        QVERIFY2(flood.value("ok", false) && flood.value("eperm", 0) == 2000, flood.dump().c_str());
        QCOMPARE(o.judgement.label, Label::Suspicious);
    }

    // One refused call in a loop (the kernel's seccomp selftests retry
    // ptrace): 166,666 identical records ended a run at its audit quota. Now
    // the first three are recorded and judged, the rest refused and counted.
    void aRepeatedRefusalIsCountedNotRecordedEachTime()
    {
        const auto run = runAgent(QStringLiteral("bwrap"), "repeat");
        QVERIFY(run.has_value());
        const test::RunOutcome &o = *run;
        QCOMPARE(o.state, QStringLiteral("finished"));
        const nlohmann::json repeat = reports(o.output)["repeat"];
        QVERIFY2(repeat.value("ok", false) && repeat.value("eperm", 0) == 3000, repeat.dump().c_str());
        const auto seen = test::syscallActions(*m_store, o.runId);
        const auto recorded =
            std::count_if(seen.begin(), seen.end(), [](const auto &a) { return a.value("call", "") == "ptrace"; });
        QCOMPARE(recorded, 3);
        auto db = SqliteConnection::open(m_store->path(), SqliteConnection::Mode::ReadOnly);
        auto counts = db->prepare("SELECT payload FROM audit WHERE type = 'repeated_refusal' AND run_id = ?");
        counts->bind(1, o.runId);
        qint64 counted = 0;
        QVERIFY(counts->eachRow([&] {
            const auto payload = nlohmann::json::parse(counts->columnText(0), nullptr, false);
            counted += payload.value("count", qint64{0});
            QVERIFY(payload.value("what", std::string()).find("ptrace") != std::string::npos);
        }));
        QCOMPARE(counted, qint64{2997});
    }

    // What a security review did to get around the supervisor (issue 21),
    // and the class of each: writes through descriptor aliases and symlinks,
    // file system changes without an open, programs run from a descriptor or
    // a copy named like a declared one, an unsupervised PID 1, socket
    // families no network namespace confines, a second message of a
    // sendmmsg. Each is refused, and on record as what it really touched.
    void theReviewsWayAroundAreClosed_data() { backends(); }
    void theReviewsWayAroundAreClosed()
    {
        QFETCH(QString, backend);
        const auto run = runScript(backend, "bypass.py",
                                   R"({"warden": 1, "agent": "bypass", "purpose": "tests", "processes": ["python3"]})",
                                   {"planted-by-agent"});
        if (!run)
            WARDEN_SKIP_WITHOUT_ENGINE("no Docker engine");
        const test::RunOutcome &o = *run;
        QStringList attempts;
        for (const QString &line : o.output) {
            auto doc = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (!doc.is_object() || !doc.contains("attempt"))
                continue;
            attempts << QString::fromStdString(doc.at("attempt").get<std::string>());
            QVERIFY2(!doc.at("escaped").get<bool>(), line.toUtf8().constData());
        }
        if (attempts.size() != 30) // QtTest cuts a long message short: the whole output first
            for (const QString &line : o.output)
                qWarning("%s", qPrintable(line));
        QVERIFY2(attempts.size() == 30, qPrintable(o.state + QStringLiteral(": ") + o.detail + QStringLiteral("\n") +
                                                   o.output.join(QLatin1Char('\n'))));
        const auto seen = test::syscallActions(*m_store, o.runId);
        const std::string stored = nlohmann::json(seen).dump();
        auto wrote = [&](const std::string &path) {
            return has(seen,
                       [&](const auto &a) { return a.value("kind", "") == "file" && a.value("path", "") == path; });
        };
        // Each write and change under the name of the place it reached.
        for (const char *path :
             {"/run/warden/planted-by-agent", "/run", "/etc/passwd", "/etc/warden-through-link", "/etc/warden-dotdot",
              "/run/warden-dir", "/run/warden-fifo", "/run/warden-link", "/etc/group", "/etc/os-release",
              "/run/warden-renamed", "/run/warden-hard", "/run/warden-sock"})
            QVERIFY2(wrote(path), (std::string(path) + " in " + stored).c_str());
        // The programs as the files that would have run.
        auto ran = [&](const std::string &program) {
            return has(seen, [&](const auto &a) {
                return a.value("kind", "") == "process" && a.at("argv").at(0).template get<std::string>() == program;
            });
        };
        QVERIFY2(ran("/usr/bin/echo") || ran("/bin/echo"), stored.c_str());
        // Never the pretender's argv[0] for the descriptor it ran.
        QVERIFY2(!has(seen,
                      [](const auto &a) {
                          return a.value("kind", "") == "process" && a.at("argv").size() > 1 &&
                                 a.at("argv").at(1) == "pretending" && a.at("argv").at(0) == "/usr/bin/python3";
                      }),
                 stored.c_str());
        QVERIFY2(ran("/tmp/python3"), stored.c_str());
        // A canary in a declared program's arguments: refused, and stored cut out.
        QVERIFY2(has(seen,
                     [](const auto &a) {
                         return a.value("kind", "") == "process" && a.contains("canaries") &&
                                a.at("canaries").dump().find("GITHUB_TOKEN") != std::string::npos;
                     }),
                 stored.c_str());
        QVERIFY2(has(seen,
                     [](const auto &a) {
                         return a.value("method", "") == "DNS" && a.value("host", "") == "second.attacker.example";
                     }),
                 stored.c_str());
        // The anonymous programs refused as unreadable calls, with the reason.
        auto db = SqliteConnection::open(m_store->path(), SqliteConnection::Mode::ReadOnly);
        auto reasons = db->prepare("SELECT payload FROM audit WHERE type = 'verdict' AND run_id = ?");
        reasons->bind(1, o.runId);
        int anonymous = 0;
        QVERIFY(reasons->eachRow([&] {
            if (reasons->columnText(0).find("deleted or anonymous") != std::string::npos)
                ++anonymous;
        }));
        QVERIFY2(anonymous >= 2, stored.c_str());
        // The scratch stays the agent's own, unrecorded.
        QVERIFY2(!has(seen,
                      [](const auto &a) {
                          return a.value("kind", "") == "file" && a.value("path", "").rfind("/tmp/own", 0) == 0;
                      }),
                 stored.c_str());
        QVERIFY(o.judgement.label != Label::Benign);
    }

    // The supervisor goes away while the agent runs: its next exec fails
    // (ENOSYS from the kernel), it never runs unsupervised.
    void withoutTheSupervisorNothingRuns_data() { backends(); }
    void withoutTheSupervisorNothingRuns()
    {
        QFETCH(QString, backend);
        bool stopped = false;
        const auto run = runAgent(backend, "until-enosys", [&](LiveRun &live, const test::RunOutcome &sofar) {
            if (!stopped && sofar.output.size() >= 3) {
                live.syscallSupervisor()->stop();
                stopped = true;
            }
        });
        if (!run)
            WARDEN_SKIP_WITHOUT_ENGINE("no Docker engine");
        const test::RunOutcome &o = *run;
        QVERIFY(stopped);
        QCOMPARE(o.state, QStringLiteral("finished"));
        const nlohmann::json last = reports(o.output)["exec"];
        QVERIFY2(!last.value("ok", true) && last.value("errno", 0) == ENOSYS, last.dump().c_str());
    }
};

QTEST_MAIN(TestSyscallSupervision)
#include "tst_syscallsupervision.moc"
