// The run supervisor and what it relies on to share a store: which warden
// owns a run (WardenIdentity), and recovery that leaves a live warden's runs
// alone while closing a dead one's.
#include "core/common/WardenIdentity.h"
#include "core/runs/RunRecovery.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"
#include "core/store/RunReader.h"
#include "core/store/RunRecords.h"
#include "support/TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace warden;

class TestRunSupervisor : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // A run left "running" in `store`, started by `owner` (none: an older warden's record).
    static std::string liveRun(AuditStore &store, const std::string &owner)
    {
        const std::string id = RunRecords::newRunId();
        auto declaration = test::declaration("{\"warden\": 1, \"agent\": \"a\", \"purpose\": \"t\", \"tools\": {}}");
        AuditRecord started = RunRecords::runStarted(id, *declaration, "run", "bwrap");
        if (!owner.empty()) {
            auto payload = nlohmann::json::parse(started.payload);
            payload["owner"] = owner;
            started.payload = payload.dump();
        }
        ApprovalRequest waiting;
        waiting.id = id.substr(0, 8);
        waiting.runId = id;
        waiting.seq = 1;
        waiting.tool = "t";
        (void)store.appendAndWait({started, RunRecords::runState(id, "running", "up"), RunRecords::approval(waiting)});
        return id;
    }
    // The identity of a process that has exited.
    static std::string deadIdentity()
    {
        QProcess p;
        p.start(QStringLiteral("true"), {});
        p.waitForFinished();
        std::string self = WardenIdentity::self();
        const auto first = self.find(':'), second = self.find(':', first + 1);
        return self.substr(0, second + 1) + std::to_string(p.processId()) + ":12345";
    }

private Q_SLOTS:
    void identities()
    {
        const std::string self = WardenIdentity::self();
        QCOMPARE(std::count(self.begin(), self.end(), ':'), 3);
        QVERIFY(WardenIdentity::owner(self) == WardenIdentity::Owner::Alive);
        QVERIFY(WardenIdentity::owner(deadIdentity()) == WardenIdentity::Owner::Gone);
        // Another machine's warden cannot be seen from here, so it is left alone.
        std::string elsewhere = "0123456789abcdef" + self.substr(self.find(':'));
        QVERIFY(WardenIdentity::owner(elsewhere) == WardenIdentity::Owner::Elsewhere);
        // This machine rebooted since: gone.
        std::string rebooted = self.substr(0, self.find(':')) + ":00000000-0000-0000-0000-000000000000" +
                               self.substr(self.find(':', self.find(':') + 1));
        QVERIFY(WardenIdentity::owner(rebooted) == WardenIdentity::Owner::Gone);
        // Read back from disk, so hostile: malformed means gone (recovered, fail closed).
        for (const char *bad : {"", ":::", "a:b:c", "a:b:1:d", "a:b:-5:d", "a:b:99999999999999999999:d", "a b:c:2:d",
                                "a:b:2:d:e", "a:b:2x:d"})
            QVERIFY2(WardenIdentity::owner(bad) == WardenIdentity::Owner::Gone, bad);
    }

    void recoveryLeavesALiveWardensRunsAlone()
    {
        const std::string db = m_dir.filePath(QStringLiteral("shared.db")).toStdString();
        auto store = AuditStore::open(db);
        QVERIFY(store.has_value());
        const std::string mine = liveRun(**store, WardenIdentity::self()); // a console beside us
        const std::string dead = liveRun(**store, deadIdentity());
        const std::string legacy = liveRun(**store, "");
        const std::string garbage = liveRun(**store, "not an identity");
        auto outcome = RunRecovery::recover(**store);
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->runsFailed, 3);
        QCOMPARE(outcome->approvalsExpired, 3);
        auto reader = RunReader::open(db);
        QVERIFY(reader.has_value());
        auto state = [&](const std::string &id) { return reader->loadRun(id)->summary.state; };
        QCOMPARE(test::bytes(state(mine)), QByteArray("running"));
        QCOMPARE(reader->loadRun(mine)->approvals.front().value("state", ""), std::string("pending"));
        for (const auto &id : {dead, legacy, garbage}) {
            QCOMPARE(test::bytes(state(id)), QByteArray("failed"));
            QCOMPARE(reader->loadRun(id)->approvals.front().value("state", ""), std::string("expired"));
        }
    }

    void oneSessionForEveryClient()
    {
        RunSupervisor supervisor;
        QSignalSpy failed(&supervisor, &RunSupervisor::failed);
        // Nothing starts before the store is open.
        QVERIFY(supervisor.start(RunConfig{}) == nullptr);
        QCOMPARE(failed.count(), 1);
        QSignalSpy opened(&supervisor, &RunSupervisor::opened);
        supervisor.openAsync(m_dir.filePath(QStringLiteral("session.db")).toStdString());
        QVERIFY(opened.wait(10000));
        QVERIFY(supervisor.isOpen());
        QCOMPARE(supervisor.liveRuns(), 0);
        QVERIFY(supervisor.judgementOf(QStringLiteral("no-such-run")).isEmpty());
        QVERIFY(supervisor.declarationOf(QStringLiteral("no-such-run")) == nullptr);
    }

    void aStoreThatCannotOpenFailsTheSession()
    {
        // Under a regular file: no directory can be made there.
        const QString blocker = m_dir.filePath(QStringLiteral("a-file"));
        test::writeFile(blocker, "x");
        const std::string impossible = QString(blocker + QStringLiteral("/x.db")).toStdString();
        auto opening = RunSupervisor::prepare(impossible);
        QVERIFY(!opening.has_value());
        RunSupervisor supervisor;
        QSignalSpy failed(&supervisor, &RunSupervisor::failed);
        supervisor.openAsync(impossible);
        QVERIFY(failed.wait(10000));
        QVERIFY(!supervisor.isOpen());
    }
};

QTEST_MAIN(TestRunSupervisor)
#include "tst_runsupervisor.moc"
