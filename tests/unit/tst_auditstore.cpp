#include "core/judge/TraceEvaluation.h"
#include "core/store/ActionRow.h"
#include "core/store/AuditChain.h"
#include "core/store/AuditStore.h"
#include "core/store/AuditVerifier.h"
#include "core/store/HeadAnchor.h"
#include "core/store/RunReader.h"
#include "core/store/RunRecords.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoredFields.h"
#include "core/trace/TraceReader.h"
#include "support/TestSupport.h"

#include <QProcess>

#include <atomic>

#include <csignal>
#include <sstream>

using namespace warden;
using warden::test::bytes;

class TestAuditStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    std::string freshPath() { return m_dir.filePath(QStringLiteral("s%1.db").arg(++m_counter)).toStdString(); }

    static std::vector<AuditRecord> records(int n, const std::string &run = "r1")
    {
        std::vector<AuditRecord> out;
        for (int i = 1; i <= n; ++i) {
            AuditRecord r;
            r.runId = run;
            r.type = "action";
            r.seq = i;
            r.payload =
                "{\"kind\":\"secret_read\",\"name\":\"K" + std::to_string(i) + "\",\"seq\":" + std::to_string(i) + "}";
            out.push_back(std::move(r));
        }
        return out;
    }

    std::string storeWith(int n)
    {
        auto path = freshPath();
        auto store = AuditStore::open(path);
        if (!store || !(*store)->appendAndWait(records(n)))
            qFatal("cannot build store");
        return path;
    }

    // Raw SQL against a closed store, as an attacker with file access would.
    static void tamper(const std::string &path, const std::string &sql)
    {
        auto db = SqliteConnection::open(path, SqliteConnection::Mode::ReadWrite);
        QVERIFY(db.has_value());
        QVERIFY(
            db->exec("DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;").has_value());
        auto ok = db->exec(sql);
        QVERIFY2(ok.has_value(), ok ? "" : ok.error().toString().c_str());
    }

    // A stored run of the injected demo (with its action rows), and the
    // evaluation it was stored from.
    struct DemoRun {
        std::string path;
        std::string runId;
        TraceEvaluation eval;
    };
    DemoRun storedDemoRun()
    {
        const std::string dir = warden::test::sourceDir() + "/resources/";
        auto eval =
            TraceEvaluation::evaluateFiles(dir + "declarations/code-bot.json", dir + "traces/code-bot-injected.jsonl");
        if (!eval)
            qFatal("the demo trace does not evaluate");
        DemoRun run{freshPath(), RunRecords::newRunId(), std::move(*eval)};
        auto store = AuditStore::open(run.path);
        std::vector<AuditRecord> recs{RunRecords::runStarted(run.runId, *run.eval.declaration, "test", "offline")};
        for (std::size_t i = 0; i < run.eval.actions.size(); ++i) {
            recs.push_back(RunRecords::action(run.runId, run.eval.actions[i]));
            recs.push_back(RunRecords::verdict(run.runId, run.eval.actions[i], run.eval.verdicts[i]));
        }
        recs.push_back(RunRecords::judgement(run.runId, run.eval.judgement, 10));
        recs.push_back(RunRecords::runState(run.runId, "finished", "done"));
        if (!store || !(*store)->appendAndWait(std::move(recs)))
            qFatal("cannot store the demo run");
        return run;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void appendsAndVerifies()
    {
        auto path = freshPath();
        {
            auto store = AuditStore::open(path);
            QVERIFY(store.has_value());
            auto first = (*store)->append(records(3));
            auto second = (*store)->append(records(2, "r2"));
            QCOMPARE(*first.get(), std::int64_t(3));
            QCOMPARE(*second.get(), std::int64_t(5));
        }
        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY(report->intact);
        QCOMPARE(report->records, std::int64_t(5));
        QVERIFY(report->anchorChecked);
        // Reopening continues the same chain.
        {
            auto store = AuditStore::open(path);
            QVERIFY(store.has_value());
            QCOMPARE(*(*store)->appendAndWait(records(1)), std::int64_t(6));
        }
        QVERIFY(AuditVerifier::verify(path)->intact);
    }

    void twoWritersShareOneChain()
    {
        // The console's store and a replay (or wardenctl --record) open on
        // one file: each batch continues from the head as it is, not as it
        // was when its writer opened.
        auto path = freshPath();
        {
            auto first = AuditStore::open(path);
            auto second = AuditStore::open(path);
            QVERIFY(first.has_value() && second.has_value());
            for (int round = 0; round < 5; ++round) {
                auto a = (*first)->appendAndWait(records(3, "a"));
                QVERIFY2(a.has_value(), a ? "" : a.error().toString().c_str());
                QCOMPARE(*a, std::int64_t(round * 5 + 3));
                auto b = (*second)->appendAndWait(records(2, "b"));
                QVERIFY2(b.has_value(), b ? "" : b.error().toString().c_str());
                QCOMPARE(*b, std::int64_t(round * 5 + 5));
            }
            // Both at once, from two threads: still one chain, nothing lost.
            auto x = (*first)->append(records(100, "a"));
            auto y = (*second)->append(records(100, "b"));
            QVERIFY(x.get().has_value());
            QVERIFY(y.get().has_value());
        }
        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY2(report->intact, report->problem.c_str());
        QCOMPARE(report->records, std::int64_t(225));
    }

    void sqlCannotRewriteTheLog()
    {
        auto path = storeWith(3);
        auto db = SqliteConnection::open(path, SqliteConnection::Mode::ReadWrite);
        QVERIFY(!db->exec("UPDATE audit SET payload = '{}' WHERE id = 2").has_value());
        QVERIFY(!db->exec("DELETE FROM audit WHERE id = 3").has_value());
    }

    void detectsAnEditedRecord()
    {
        auto path = storeWith(50);
        tamper(path, "UPDATE audit SET payload = replace(payload, 'K17', 'K71') WHERE id = 17");
        auto r = AuditVerifier::verify(path);
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(17));
        QVERIFY(bytes(r->problem).contains("modified"));
        // Never "record 17 of 16": the count is of the records before it.
        QVERIFY2(bytes(r->sentence()).startsWith("BROKEN at record 17: ") &&
                     bytes(r->sentence()).endsWith("(the 16 records before it verified)"),
                 r->sentence().c_str());
    }

    void detectsADeletedRecord()
    {
        auto path = storeWith(50);
        tamper(path, "DELETE FROM audit WHERE id = 20");
        auto r = AuditVerifier::verify(path);
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(20));
        QVERIFY(bytes(r->problem).contains("missing"));
    }

    void detectsADeletionThatRenumbers()
    {
        auto path = storeWith(50);
        tamper(path, "DELETE FROM audit WHERE id = 20; UPDATE audit SET id = id - 1 WHERE id > 20");
        auto r = AuditVerifier::verify(path);
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(20));
    }

    void detectsReorderedRecords()
    {
        auto path = storeWith(50);
        tamper(path, "UPDATE audit SET id = -1 WHERE id = 30; UPDATE audit SET id = 30 WHERE id = 31;"
                     "UPDATE audit SET id = 31 WHERE id = -1");
        auto r = AuditVerifier::verify(path);
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(30));
    }

    void detectsATruncatedTail()
    {
        auto path = storeWith(50);
        tamper(path, "DELETE FROM audit WHERE id > 45");
        auto r = AuditVerifier::verify(path);
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(46));
        QVERIFY(bytes(r->problem).contains("truncated"));
        // And the store refuses to append on top of the damage.
        auto store = AuditStore::open(path);
        QVERIFY(!store.has_value());
        QVERIFY(bytes(store.error().message).contains("head anchor"));
    }

    // Deleting the newest records together with the anchor left a chain that
    // verified as "intact": without its anchor the tail is unproven.
    void aMissingAnchorIsNotIntact()
    {
        auto path = storeWith(50);
        tamper(path, "DELETE FROM audit WHERE id > 45");
        QVERIFY(QFile::remove(QString::fromStdString(HeadAnchor::pathFor(path))));
        auto r = AuditVerifier::verify(path);
        QVERIFY(r.has_value());
        QVERIFY(!r->intact);
        QCOMPARE(r->records, std::int64_t(45));
        QCOMPARE(r->firstBroken, std::int64_t(0));
        QVERIFY2(bytes(r->sentence()).startsWith("NOT PROVEN"), r->sentence().c_str());
        QVERIFY(bytes(r->problem).contains("tail cannot be proven"));
    }

    // The layout of docs/AUDIT.md, pinned: hashes computed from the document
    // with Python's hashlib, not with the code under test.
    void theChainLayoutIsPinned()
    {
        AuditRecord first;
        first.id = 1;
        first.timeMs = 1764500000000;
        first.runId = "run-1";
        first.type = "action";
        first.seq = 7;
        first.payload = R"({"kind":"tool_call","tool":"plot"})";
        const std::string h1 = AuditChain::hashOf(first, AuditChain::genesisHash());
        QCOMPARE(bytes(h1), QByteArray("c70df28de620e0110d1d81d431d2964d0b9367abc3f4c43b776cb59b3d2ce7ed"));
        AuditRecord second = first;
        second.id = 2;
        second.timeMs = 1764500000001;
        second.type = "verdict";
        second.payload = "{}";
        QCOMPARE(bytes(AuditChain::hashOf(second, h1)),
                 QByteArray("a96c0b8fcc5d21483d8acc95f07606374de74beb3982818a161d49fb19f45336"));
    }

    // An attacker who edits a record and recomputes every hash after it (the
    // layout is public) leaves a chain that links up. The anchor catches it;
    // an attacker who can also rewrite the anchor is not caught, which
    // AUDIT.md says.
    void aRecomputedChainIsCaughtByTheAnchorOnly()
    {
        auto path = storeWith(10);
        {
            auto db = SqliteConnection::open(path, SqliteConnection::Mode::ReadWrite);
            QVERIFY(db.has_value());
            QVERIFY(db->exec("DROP TRIGGER audit_no_update").has_value());
            auto rows = db->prepare("SELECT id, time_ms, run_id, type, seq, payload FROM audit ORDER BY id");
            QVERIFY(rows.has_value());
            std::vector<AuditRecord> chain;
            while (*rows->step()) {
                AuditRecord r;
                r.id = rows->columnInt(0);
                r.timeMs = rows->columnInt(1);
                r.runId = rows->columnText(2);
                r.type = rows->columnText(3);
                r.seq = rows->columnInt(4);
                r.payload = rows->columnText(5);
                chain.push_back(std::move(r));
            }
            rows->reset();
            chain[4].payload = R"({"kind":"secret_read","name":"NOTHING_TO_SEE","seq":5})";
            std::string prev = AuditChain::genesisHash();
            auto update = db->prepare("UPDATE audit SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?");
            QVERIFY(update.has_value());
            for (auto &r : chain) {
                r.hash = AuditChain::hashOf(r, prev);
                update->bind(1, r.payload).bind(2, prev).bind(3, r.hash).bind(4, r.id);
                QVERIFY(update->run().has_value());
                prev = r.hash;
            }
        }
        auto r = AuditVerifier::verify(path);
        QVERIFY(r.has_value());
        QVERIFY(!r->intact);
        QCOMPARE(r->firstBroken, std::int64_t(10));
        QVERIFY2(bytes(r->problem).contains("differs from the head anchor"), r->problem.c_str());

        // With the anchor rewritten too, nothing on this machine can tell.
        const HeadAnchor rewritten{10, r->headHash};
        QVERIFY(rewritten.write(path).has_value());
        auto again = AuditVerifier::verify(path);
        QVERIFY(again->intact);
    }

    // The run list reads a summary table that is not chained: relabelling a
    // malicious run as benign, or hiding a run, broke nothing before.
    void anEditedRunListIsCaught_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QByteArray>("problem");
        QTest::newRow("relabelled") << QByteArray("UPDATE runs SET label = 'benign'") << QByteArray("label for run");
        QTest::newRow("summary") << QByteArray("UPDATE runs SET summary = 'nothing happened'")
                                 << QByteArray("summary for run");
        QTest::newRow("fewer actions") << QByteArray("UPDATE runs SET actions = 1") << QByteArray("actions for run");
        QTest::newRow("hidden") << QByteArray("DELETE FROM runs") << QByteArray("missing from the run list");
        QTest::newRow("invented") << QByteArray("INSERT INTO runs (run_id, agent, source, state, started_ms, "
                                                "declaration_sha256) VALUES ('zz', 'a', 's', 'finished', 1, 'x')")
                                  << QByteArray("which no chained record started");
    }

    void anEditedRunListIsCaught()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QByteArray, problem);
        const std::string dir = warden::test::sourceDir() + "/resources/";
        auto eval =
            TraceEvaluation::evaluateFiles(dir + "declarations/code-bot.json", dir + "traces/code-bot-injected.jsonl");
        QVERIFY(eval.has_value());
        auto path = freshPath();
        {
            auto store = AuditStore::open(path);
            QVERIFY(store.has_value());
            QVERIFY((*store)
                        ->appendAndWait(RunRecords::evaluatedRun(RunRecords::newRunId(), *eval, "test", "done"))
                        .has_value());
        }
        QVERIFY(AuditVerifier::verify(path)->intact);
        tamper(path, sql.toStdString());
        auto r = AuditVerifier::verify(path);
        QVERIFY(r.has_value());
        QVERIFY(!r->intact);
        QVERIFY2(bytes(r->problem).contains(problem), r->problem.c_str());
    }

    // A failed anchor write was ignored: the store went on acknowledging
    // records its anchor no longer vouched for.
    void aFailedAnchorWriteIsReported()
    {
        auto path = freshPath();
        auto store = AuditStore::open(path);
        QVERIFY(store.has_value());
        QVERIFY((*store)->appendAndWait(records(1)).has_value());
        // Even root cannot rename a file over a non-empty directory.
        const QString anchor = QString::fromStdString(HeadAnchor::pathFor(path));
        QVERIFY(QFile::remove(anchor));
        QVERIFY(QDir().mkpath(anchor + QStringLiteral("/blocked")));
        QVERIFY((*store)->appendAndWait(records(1)).has_value()); // committed; the anchor is due later
        QTest::qWait(3 * AuditStore::kAnchorIntervalMs);
        auto refused = (*store)->appendAndWait(records(1));
        QVERIFY(!refused.has_value());
        QVERIFY2(bytes(refused.error().toString()).contains("head anchor"), refused.error().toString().c_str());
        QVERIFY(QDir(anchor).removeRecursively());
        QVERIFY((*store)->appendAndWait(records(1)).has_value());
        QVERIFY(QFileInfo(anchor).isFile());
    }

    void aCrashLosesNoCommittedRecord()
    {
        const auto path = freshPath();
        QProcess writer;
        writer.start(QString::fromStdString(warden::test::binaryDir() + "/tests/store_crash_writer"),
                     {QString::fromStdString(path)});
        QVERIFY(writer.waitForStarted());
        // Let it commit a number of batches, then kill it without warning.
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += writer.readAllStandardOutput()).count('\n') >= 3, 10000);
        QTest::qWait(150);
        ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished());
        out += writer.readAllStandardOutput();
        const auto lines = out.trimmed().split('\n');
        const std::int64_t lastAcknowledged = lines.isEmpty() ? 0 : lines.last().toLongLong();

        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY2(report->intact, report->problem.c_str());
        QVERIFY(report->records >= lastAcknowledged);
        QCOMPARE(report->records % 500, std::int64_t(0)); // whole batches or nothing
        // And the store opens and continues.
        auto store = AuditStore::open(path);
        QVERIFY2(store.has_value(), store ? "" : store.error().toString().c_str());
        QVERIFY((*store)->appendAndWait(records(1)).has_value());
    }

    // Commit at the boundary: grouped appends are committed in order with
    // the next group, and a durable append resolves only once everything
    // queued before it is committed (the log is ordered).
    void groupedAppendsGoInOrderAndADurableOneTakesThemAlong()
    {
        const auto path = freshPath();
        auto store = AuditStore::open(path);
        QVERIFY(store.has_value());
        std::atomic<int> committed{0};
        std::atomic<std::int64_t> lastId{0};
        std::atomic<bool> inOrder{true};
        for (int i = 0; i < 100; ++i)
            (*store)->append(
                records(2),
                [&](Result<std::int64_t> id) { // on the writer's thread
                    if (!id || *id <= lastId.load())
                        inOrder = false;
                    lastId = id.value_or(0);
                    ++committed;
                },
                AuditStore::Durability::Grouped);
        auto durable = (*store)->appendAndWait(records(1));
        QVERIFY(durable.has_value());
        QCOMPARE(committed.load(), 100);
        QVERIFY(inOrder.load());
        QCOMPARE(*durable, std::int64_t(201));
        // Alone, a grouped append waits at most kGroupDelayMs for company.
        (*store)->append(
            records(1), [&](Result<std::int64_t>) { ++committed; }, AuditStore::Durability::Grouped);
        QTRY_COMPARE_WITH_TIMEOUT(committed.load(), 101, 2000);
        // Idle, the grouped tail is synced and anchored within a few intervals.
        QTRY_VERIFY_WITH_TIMEOUT(HeadAnchor::read(path) && *HeadAnchor::read(path) &&
                                     (*HeadAnchor::read(path))->count == 202,
                                 5 * AuditStore::kAnchorIntervalMs + 2000);
        store->reset();
        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY2(report->intact, report->problem.c_str());
        QCOMPARE(report->records, std::int64_t(202));
    }

    // Killed while grouped appends stream in: nothing acknowledged as
    // durable is lost, the chain verifies, the anchor vouches only for what
    // is there, and the store opens and goes on.
    void aCrashAmidGroupedAppendsKeepsEveryDurableRecord()
    {
        const auto path = freshPath();
        QProcess writer;
        writer.start(QString::fromStdString(warden::test::binaryDir() + "/tests/store_crash_writer"),
                     {QString::fromStdString(path), QStringLiteral("grouped")});
        QVERIFY(writer.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += writer.readAllStandardOutput()).count('\n') >= 5, 20000);
        QTest::qWait(50);
        ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished());
        out += writer.readAllStandardOutput();
        const auto lines = out.trimmed().split('\n');
        const std::int64_t lastDurable = lines.isEmpty() ? 0 : lines.last().toLongLong();
        QVERIFY(lastDurable > 0);
        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY2(report->intact, report->problem.c_str());
        QVERIFY(report->records >= lastDurable);
        auto store = AuditStore::open(path);
        QVERIFY2(store.has_value(), store ? "" : store.error().toString().c_str());
        QVERIFY((*store)->appendAndWait(records(1)).has_value());
    }

    void refusesANewerSchema()
    {
        auto path = storeWith(1);
        tamper(path, "INSERT INTO schema_version (version) VALUES (99)");
        auto store = AuditStore::open(path);
        QVERIFY(!store.has_value());
        QVERIFY(bytes(store.error().message).contains("newer than this Warden"));
    }

    // The console opens a run from its action rows, then takes its text:
    // row for row what the log itself says, and each record's text on demand
    // meanwhile.
    void aRunOpensFromItsActionRowsAsFromItsLog()
    {
        const auto [path, runId, eval] = storedDemoRun();
        auto reader = RunReader::open(path);
        QVERIFY(reader.has_value());
        auto slow = reader->loadRunLog(runId);
        auto fast = reader->loadRunIndex(runId);
        QVERIFY(slow.has_value() && fast.has_value());
        QVERIFY(slow->log.textLoaded());
        QVERIFY(!fast->log.textLoaded());
        QCOMPARE(fast->log.size(), slow->log.size());
        QCOMPARE(bytes(fast->summary.state), bytes(slow->summary.state));
        QVERIFY(fast->judgement.has_value());
        fast->log.setTextFetch([&](std::int64_t record) { return reader->recordText(record); });
        for (std::size_t i = 0; i < slow->log.size(); ++i) {
            const auto &a = fast->log.row(i), &b = slow->log.row(i);
            QCOMPARE(a.seq, b.seq);
            QCOMPARE(a.timeMs, b.timeMs);
            QCOMPARE(int(a.kind), int(b.kind));
            QCOMPARE(int(a.source), int(b.source));
            QCOMPARE(a.declared, b.declared);
            QCOMPARE(bytes(fast->log.decision(i)), bytes(slow->log.decision(i)));
            QCOMPARE(std::string(fast->log.actionText(i)), std::string(slow->log.actionText(i))); // fetched
        }
        auto text = reader->loadRunText(runId);
        QVERIFY(text.has_value());
        QVERIFY(fast->log.adoptText(std::move(text->text), text->spans).has_value());
        QVERIFY(fast->log.textLoaded());
        for (std::size_t i = 0; i < slow->log.size(); ++i) {
            QCOMPARE(fast->log.actionText(i), slow->log.actionText(i));
            QCOMPARE(fast->log.verdictText(i), slow->log.verdictText(i));
        }
    }

    // Rows a reader cannot trust are not used: a run stored before them, or
    // one whose rows are missing or unreadable, is read from the log.
    void aRunWithoutUsableRowsIsReadFromTheLog()
    {
        const auto [path, runId, eval] = storedDemoRun();
        tamper(path, "DELETE FROM action_rows WHERE seq = 3 AND is_verdict = 0");
        auto reader = RunReader::open(path);
        auto run = reader->loadRunIndex(runId);
        QVERIFY(run.has_value());
        QVERIFY(run->log.textLoaded()); // the slow way
        QCOMPARE(run->log.size(), std::size_t(10));
        tamper(path, "DELETE FROM action_rows");
        run = RunReader::open(path)->loadRunIndex(runId);
        QVERIFY(run.has_value() && run->log.textLoaded());
        // A run stored before the rows existed has none, and verifies.
        auto report = AuditVerifier::verify(path);
        QVERIFY2(report->intact, report->problem.c_str());
        // A store of schema 1, read before any writer of schema 2 opened it.
        tamper(path, "DROP TABLE action_rows; DELETE FROM schema_version WHERE version = 2");
        run = RunReader::open(path)->loadRunIndex(runId);
        QVERIFY(run.has_value() && run->log.textLoaded());
        report = AuditVerifier::verify(path);
        QVERIFY2(report->intact, report->problem.c_str());
        // Opened by a writer, it gains the table; its old run still reads from the log.
        QVERIFY(AuditStore::open(path).has_value());
        run = RunReader::open(path)->loadRunIndex(runId);
        QVERIFY(run.has_value() && run->log.textLoaded());
        QCOMPARE(run->log.size(), std::size_t(10));
        QVERIFY(AuditVerifier::verify(path)->intact);
    }

    // The rows are derived, not chained: editing one to show a refused action
    // as allowed is caught by `audit verify`.
    void anEditedActionRowIsCaught()
    {
        const auto [path, runId, eval] = storedDemoRun();
        QVERIFY(AuditVerifier::verify(path)->intact);
        tamper(path, "UPDATE action_rows SET decision = 'allow' WHERE decision = 'deny'");
        auto report = AuditVerifier::verify(path);
        QVERIFY(report.has_value());
        QVERIFY(!report->intact);
        QVERIFY2(bytes(report->problem).contains("action rows of run"), report->problem.c_str());
    }

    // What the writer derives from a record it cannot read is an unusable
    // row, never a guess, and the commit goes through.
    void anUnreadableActionGivesAnUnusableRow()
    {
        AuditRecord r;
        r.runId = "r1";
        r.type = "action";
        r.seq = 1;
        r.payload = R"({"kind":"teleport","seq":1})";
        auto row = ActionRow::of(r);
        QVERIFY(row.has_value());
        QVERIFY(!row->usable);
        r.payload = R"({"kind":"process","time":"yesterday","seq":1})";
        QVERIFY(!ActionRow::of(r)->usable);
        r.payload = R"({"kind":"process","time":"2026-12-07T10:00:00.000Z","source":"syscall","seq":1})";
        QVERIFY(ActionRow::of(r)->usable);
        r.type = "verdict";
        r.payload = R"({"decision":7})";
        QVERIFY(!ActionRow::of(r)->usable);
        r.type = "judgement";
        QVERIFY(!ActionRow::of(r).has_value());
    }

    void recordsAndReadsARun()
    {
        const DemoRun demo = storedDemoRun();
        const std::string &path = demo.path;
        const std::string &runId = demo.runId;
        const TraceEvaluation *eval = &demo.eval;
        auto reader = RunReader::open(path);
        QVERIFY(reader.has_value());
        auto runs = reader->listRuns();
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(bytes(runs->front().label), QByteArray("malicious"));
        QCOMPARE(runs->front().actions, std::int64_t(10));
        QCOMPARE(bytes(runs->front().state), QByteArray("finished"));
        QVERIFY(runs->front().endedMs.has_value());

        auto detail = reader->loadRun(runId.substr(0, 8));
        QVERIFY(detail.has_value());
        QCOMPARE(detail->actions.size(), std::size_t(10));
        QCOMPARE(detail->verdicts.size(), std::size_t(10));
        QVERIFY(detail->judgement.has_value());
        QCOMPARE(bytes(detail->declarationText), bytes(eval->declaration->sourceText));

        std::ostringstream trace;
        QCOMPARE(*reader->exportTrace(runId, trace), std::int64_t(10));
        auto reread = TraceReader::parse(trace.str(), "export.jsonl");
        QVERIFY(reread.has_value());
        auto again = TraceEvaluation::evaluate(eval->declaration, std::move(*reread));
        QCOMPARE(again.toJson(), eval->toJson());

        QVERIFY(!reader->loadRun("nope-not-a-run").has_value());
        QVERIFY(!reader->loadRun("ab").has_value());

        // The same run read as a log: its index and its parsed rows agree with the full read.
        auto log = reader->loadRunLog(runId);
        QVERIFY2(log.has_value(), log ? "" : log.error().toString().c_str());
        QVERIFY(log->actions.empty());
        QCOMPARE(log->log.size(), std::size_t(10));
        QCOMPARE(log->summary.actions, std::int64_t(10));
        QCOMPARE(bytes(log->summary.state), QByteArray("finished"));
        QCOMPARE(bytes(log->declarationText), bytes(detail->declarationText));
        QCOMPARE(log->judgement, detail->judgement);
        for (std::size_t i = 0; i < 10; ++i) {
            const ActionLog::Row &row = log->log.row(i);
            const Action &a = detail->actions[i];
            QCOMPARE(row.seq, a.seq);
            QCOMPARE(row.kind, a.kind);
            QCOMPARE(row.timeMs, a.timeMs ? *a.timeMs : ActionLog::kNoTime);
            QCOMPARE(row.declared, detail->verdicts[i].declared);
            QCOMPARE(bytes(log->log.decision(i)), bytes(detail->verdicts[i].decision));
            QCOMPARE(log->log.action(i)->toJson(), a.toJson());
            QCOMPARE(log->log.verdict(i)->toJson(a.seq, "k"), detail->verdicts[i].toJson(a.seq, "k"));
            QCOMPARE(log->log.rowOfSeq(a.seq), long(i));
        }
        QCOMPARE(log->log.rowOfSeq(999), -1L);
    }

    void storedFieldsReadTopLevelKeysOnly()
    {
        // A nested "kind" (inside params) is the agent's, not the record's.
        auto f = StoredFields::read(
            "{\"params\":{\"kind\":\"egress\",\"time\":1},\"kind\":\"tool_call\",\"x\":[{\"time\":\"t\"}]}", "kind",
            "time");
        QVERIFY(f.error.empty());
        QCOMPARE(f.first.type, StoredFields::Type::String);
        QCOMPARE(bytes(f.first.text), QByteArray("tool_call"));
        QCOMPARE(f.second.type, StoredFields::Type::Absent);

        auto v = StoredFields::read("{\"declared\":false,\"decision\":{\"a\":1}}", "decision", "declared");
        QCOMPARE(v.first.type, StoredFields::Type::Other);
        QCOMPARE(v.second.type, StoredFields::Type::Boolean);
        QVERIFY(!v.second.flag);
        QCOMPARE(StoredFields::read("{\"decision\":[\"deny\"]}", "decision", "declared").first.type,
                 StoredFields::Type::Other);
        QVERIFY(!StoredFields::read("[\"kind\",\"tool_call\"]", "kind", "time").error.empty());
        QVERIFY(!StoredFields::read("{\"kind\":\"tool_call\"", "kind", "time").error.empty());
        QVERIFY(!StoredFields::read("{\"kind\":\"a\"} trailing", "kind", "time").error.empty());
    }

    void aRunLogPutsRowsInSequenceOrder()
    {
        ActionLog log;
        const std::string second = "{\"kind\":\"secret_read\",\"name\":\"B\",\"seq\":2}";
        const std::string first =
            "{\"kind\":\"secret_read\",\"name\":\"A\",\"seq\":1,\"time\":\"2026-11-24T10:00:00Z\"}";
        QVERIFY(log.addStored(2, second, "secret_read", "").has_value());
        QVERIFY(log.addStored(1, first, "secret_read", "2026-11-24T10:00:00Z").has_value());
        QVERIFY(log.addStoredVerdict(2, "{\"decision\":\"deny\"}", false, "deny").has_value());
        QVERIFY(log.addStoredVerdict(1, "{\"decision\":\"allow\",\"declared\":true}", true, "allow").has_value());
        QVERIFY(log.finish().has_value());
        QCOMPARE(log.row(0).seq, std::int64_t(1));
        QCOMPARE(bytes(log.decision(0)), QByteArray("allow"));
        QVERIFY(log.row(0).declared);
        QCOMPARE(log.row(0).timeMs, std::int64_t(1795514400000)); // 2026-11-24T10:00:00Z
        QCOMPARE(bytes(std::string(log.actionText(0))), bytes(first));
        QCOMPARE(bytes(log.action(1)->name), QByteArray("B"));
        QCOMPARE(bytes(log.decision(1)), QByteArray("deny"));
        QCOMPARE(log.row(1).timeMs, ActionLog::kNoTime);
        QCOMPARE(log.rowOfSeq(2), 1L);
        // A live action appended after them reads back the same.
        Action live;
        live.seq = 3;
        live.kind = ActionKind::Egress;
        live.host = "attacker.example";
        live.port = 443;
        StoredVerdict denied;
        denied.decision = "deny";
        denied.reasons = {"destination attacker.example:443 is not declared"};
        log.append(live, denied);
        QCOMPARE(log.action(2)->toJson(), live.toJson());
        QCOMPARE(log.verdict(2)->why(), denied.why());
    }

    void aRunLogRefusesMalformedRecords_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("unknown kind") << QByteArray("action") << QByteArray("{\"kind\":\"teleport\",\"seq\":2}")
                                      << QByteArray("stored action 2 is malformed: unknown kind");
        QTest::newRow("kind not text") << QByteArray("action") << QByteArray("{\"kind\":7,\"seq\":2}")
                                       << QByteArray("stored action 2 is malformed");
        QTest::newRow("bad time") << QByteArray("action")
                                  << QByteArray("{\"kind\":\"egress\",\"seq\":2,\"time\":\"yesterday\"}")
                                  << QByteArray("stored action 2 is malformed");
        QTest::newRow("not JSON") << QByteArray("action") << QByteArray("{kind: egress")
                                  << QByteArray("stored action 2 is malformed: not JSON at byte 2");
        QTest::newRow("declared not a boolean")
            << QByteArray("verdict") << QByteArray("{\"seq\":1,\"decision\":\"allow\",\"declared\":\"yes\"}")
            << QByteArray("stored verdict 1 is malformed");
        QTest::newRow("decision missing") << QByteArray("verdict") << QByteArray("{\"seq\":1,\"declared\":true}")
                                          << QByteArray("stored verdict 1 is malformed");
        QTest::newRow("an action twice") << QByteArray("action") << QByteArray("{\"kind\":\"egress\",\"seq\":1}")
                                         << QByteArray("stored action 1 is stored twice");
        QTest::newRow("verdict for nothing") << QByteArray("verdict") << QByteArray("{\"seq\":9,\"decision\":\"deny\"}")
                                             << QByteArray("stored verdict 9 judges no stored action");
    }
    void aRunLogRefusesMalformedRecords()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, payload);
        QFETCH(QByteArray, error);
        auto path = freshPath();
        {
            auto store = AuditStore::open(path);
            auto recs = records(1, "run-malformed");
            AuditRecord bad;
            bad.runId = "run-malformed";
            bad.type = type.toStdString();
            const auto parsed = nlohmann::json::parse(payload.toStdString(), nullptr, false);
            bad.seq = parsed.is_object() ? parsed.value("seq", 2) : 2;
            bad.payload = payload.toStdString();
            recs.push_back(bad);
            QVERIFY((*store)->appendAndWait(std::move(recs)).has_value());
        }
        auto db = SqliteConnection::open(path, SqliteConnection::Mode::ReadWrite);
        QVERIFY(
            db->exec("INSERT INTO runs (run_id, agent, source, host, state, started_ms, actions, label, confidence, "
                     "summary, declaration_sha256) VALUES ('run-malformed', 'a', 's', 'h', 'finished', 0, 2, '', 0, "
                     "'', '')")
                .has_value());
        auto reader = RunReader::open(path);
        auto log = reader->loadRunLog("run-malformed");
        QVERIFY(!log.has_value());
        QVERIFY2(QByteArray::fromStdString(log.error().toString()).contains(error), log.error().toString().c_str());
    }
};

QTEST_GUILESS_MAIN(TestAuditStore)
#include "tst_auditstore.moc"
