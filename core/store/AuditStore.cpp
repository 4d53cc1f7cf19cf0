#include "core/store/AuditStore.h"
#include "core/json/JsonLookup.h"

#include "core/common/PrivateDirectory.h"
#include "core/store/AuditChain.h"
#include "core/store/HeadAnchor.h"
#include "core/store/RunSummaryFold.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoreSchema.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>

namespace warden {

AuditStore::AuditStore(std::string path) : m_path(std::move(path)) {}

Result<std::unique_ptr<AuditStore>> AuditStore::open(const std::string &path)
{
    if (auto made = PrivateDirectory::makeFor(path); !made)
        return std::unexpected(made.error());

    auto db = SqliteConnection::open(path, SqliteConnection::Mode::ReadWrite);
    if (!db)
        return std::unexpected(db.error());
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
        if (auto ok = db->exec(pragma); !ok)
            return std::unexpected(ok.error());
    if (auto ok = StoreSchema::migrate(*db); !ok)
        return std::unexpected(ok.error());

    std::unique_ptr<AuditStore> store(new AuditStore(path));
    store->m_lastHash = AuditChain::genesisHash();
    {
        auto head = db->prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        if (!head)
            return std::unexpected(head.error());
        auto row = head->step();
        if (!row)
            return std::unexpected(row.error());
        if (*row) {
            store->m_lastId = head->columnInt(0);
            store->m_lastHash = std::string(head->columnText(1));
        }
    }
    auto anchor = HeadAnchor::read(path);
    if (!anchor)
        return std::unexpected(anchor.error());
    if (*anchor) {
        const HeadAnchor &a = **anchor;
        bool consistent = store->m_lastId >= a.count;
        if (consistent && a.count > 0) {
            auto at = db->prepare("SELECT hash FROM audit WHERE id = ?");
            if (!at)
                return std::unexpected(at.error());
            at->bind(1, a.count);
            auto row = at->step();
            consistent = row && *row && at->columnText(0) == a.hash;
        }
        if (!consistent)
            return fail("the audit log does not match its head anchor (" + HeadAnchor::pathFor(path) +
                            "); it was truncated or rewritten. Run `wardenctl audit verify` for details; "
                            "Warden will not append to it",
                        {}, 0, path);
    }
    store->m_db = std::make_unique<SqliteConnection>(std::move(*db));
    store->m_writer = std::thread(&AuditStore::writerLoop, store.get());
    return store;
}

AuditStore::~AuditStore()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

std::future<Result<std::int64_t>> AuditStore::append(std::vector<AuditRecord> records)
{
    Pending p;
    p.records = std::move(records);
    auto future = p.done.get_future();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            p.done.set_value(fail("the store is closing", {}, 0, m_path));
            return future;
        }
        m_queue.push_back(std::move(p));
    }
    m_wake.notify_one();
    return future;
}

void AuditStore::append(std::vector<AuditRecord> records, std::function<void(Result<std::int64_t>)> done)
{
    Pending p;
    p.records = std::move(records);
    p.callback = std::move(done);
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            p.callback(fail("the store is closing", {}, 0, m_path));
            return;
        }
        m_queue.push_back(std::move(p));
    }
    m_wake.notify_one();
}

Result<std::int64_t> AuditStore::appendAndWait(std::vector<AuditRecord> records)
{
    return append(std::move(records)).get();
}

void AuditStore::writerLoop()
{
    using namespace std::chrono;
    // The first commit is anchored at once, before it is acknowledged: a
    // store with records and no anchor cannot prove its tail, and verify
    // says so (NOT PROVEN), even after a crash in the first 200 ms.
    auto lastAnchor = steady_clock::time_point{};
    // A failed anchor write is not ignored: until one succeeds, every batch
    // is answered with the failure (nothing is acknowledged that the anchor
    // could not vouch for), and callers fail closed.
    const auto anchorNow = [&]() -> bool {
        auto ok = HeadAnchor{m_lastId, m_lastHash}.write(m_path);
        lastAnchor = steady_clock::now();
        if (!ok) {
            m_anchorFailure = ok.error();
            return false;
        }
        m_anchorFailure.reset();
        m_anchorDirty = false;
        return true;
    };
    while (true) {
        std::vector<Pending> batch;
        {
            std::unique_lock lock(m_mutex);
            // Wake for work, or when a dirty anchor is due.
            m_wake.wait_for(lock, milliseconds(kAnchorIntervalMs), [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping)
                break;
            std::size_t rows = 0;
            while (!m_queue.empty() && (batch.empty() || rows + m_queue.front().records.size() <= kMaxBatch)) {
                rows += m_queue.front().records.size();
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (!batch.empty()) {
            Result<void> ok =
                m_anchorFailure && !anchorNow() ? Result<void>(std::unexpected(*m_anchorFailure)) : commit(batch);
            if (ok && (lastAnchor == steady_clock::time_point{} || m_anchorFailure) && !anchorNow())
                ok = m_anchorFailure ? Result<void>(std::unexpected(*m_anchorFailure))
                                     : fail("cannot write the head anchor");
            if (!ok && m_anchorFailure)
                ok = fail("cannot write the head anchor: " + m_anchorFailure->toString());
            for (auto &p : batch) {
                Result<std::int64_t> outcome =
                    ok ? Result<std::int64_t>(p.records.empty() ? m_lastId : p.records.back().id)
                       : Result<std::int64_t>(std::unexpected(ok.error()));
                if (p.callback)
                    p.callback(outcome);
                else
                    p.done.set_value(outcome);
            }
        }
        // The head anchor trails the committed log by at most kAnchorIntervalMs:
        // writing it (an fsync and a rename) on every commit would double the
        // cost of each durable decision. See docs/AUDIT.md.
        if (m_anchorDirty && steady_clock::now() - lastAnchor >= milliseconds(kAnchorIntervalMs))
            anchorNow();
    }
    if (m_anchorDirty)
        anchorNow();
}

Result<void> AuditStore::commit(std::vector<Pending> &batch)
{
    const std::int64_t savedId = m_lastId;
    const std::string savedHash = m_lastHash;
    auto rollback = [&](Error e) -> Result<void> {
        m_db->exec("ROLLBACK");
        m_lastId = savedId;
        m_lastHash = savedHash;
        return std::unexpected(std::move(e));
    };
    if (auto ok = m_db->exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    // Another writer (wardenctl --record, a second console, a replay) may
    // have appended since this one last did: the chain goes on from the head
    // as it is now, read under the write lock BEGIN IMMEDIATE holds.
    {
        auto head = m_db->prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        if (!head)
            return rollback(head.error());
        auto row = head->step();
        if (!row)
            return rollback(row.error());
        if (*row) {
            m_lastId = head->columnInt(0);
            m_lastHash = std::string(head->columnText(1));
        }
    }
    auto insert = m_db->prepare("INSERT INTO audit (id, time_ms, run_id, type, seq, payload, prev_hash, hash) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return rollback(insert.error());
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::map<std::string, std::int64_t> actionCounts;
    for (auto &p : batch) {
        for (auto &r : p.records) {
            r.id = m_lastId + 1;
            if (r.timeMs == 0)
                r.timeMs = now;
            r.prevHash = m_lastHash;
            r.hash = AuditChain::hashOf(r, r.prevHash);
            insert->bind(1, r.id).bind(2, r.timeMs).bind(3, r.runId).bind(4, r.type).bind(5, r.seq);
            insert->bind(6, r.payload).bind(7, r.prevHash).bind(8, r.hash);
            if (auto ok = insert->run(); !ok)
                return rollback(ok.error());
            m_lastId = r.id;
            m_lastHash = r.hash;
            if (r.type == "action")
                ++actionCounts[r.runId];
            else if (auto ok = applyToRunSummary(r); !ok)
                return rollback(ok.error());
        }
    }
    if (!actionCounts.empty()) {
        auto count = m_db->prepare("UPDATE runs SET actions = actions + ? WHERE run_id = ?");
        if (!count)
            return rollback(count.error());
        for (const auto &[run, n] : actionCounts) {
            count->bind(1, n).bind(2, run);
            if (auto ok = count->run(); !ok)
                return rollback(ok.error());
        }
    }
    if (auto ok = m_db->exec("COMMIT"); !ok)
        return rollback(ok.error());
    m_anchorDirty = true;
    return {};
}

Result<void> AuditStore::applyToRunSummary(const AuditRecord &r)
{
    RunSummary change;
    if (auto ok = RunSummaryFold::apply(r, change); !ok)
        return fail(ok.error().message, {}, 0, m_path);
    if (r.type == "run_started") {
        auto stmt = m_db->prepare("INSERT INTO runs (run_id, agent, source, host, state, started_ms, "
                                  "declaration_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return std::unexpected(stmt.error());
        stmt->bind(1, r.runId).bind(2, change.agent).bind(3, change.source).bind(4, change.host);
        stmt->bind(5, change.state).bind(6, change.startedMs).bind(7, change.declarationSha256);
        return stmt->run();
    }
    if (r.type == "judgement") {
        auto stmt = m_db->prepare("UPDATE runs SET label = ?, confidence = ?, summary = ? WHERE run_id = ?");
        if (!stmt)
            return std::unexpected(stmt.error());
        stmt->bind(1, change.label).bind(2, change.confidence).bind(3, change.summary).bind(4, r.runId);
        return stmt->run();
    }
    if (r.type == "run_state") {
        auto stmt = m_db->prepare("UPDATE runs SET state = ?, ended_ms = CASE WHEN ? THEN ? ELSE ended_ms END "
                                  "WHERE run_id = ?");
        if (!stmt)
            return std::unexpected(stmt.error());
        const std::int64_t ended = change.endedMs.has_value();
        stmt->bind(1, change.state).bind(2, ended).bind(3, r.timeMs).bind(4, r.runId);
        return stmt->run();
    }
    return {};
}

} // namespace warden
