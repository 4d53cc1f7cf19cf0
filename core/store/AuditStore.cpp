#include "core/store/AuditStore.h"
#include "core/json/JsonLookup.h"

#include "core/common/PrivateDirectory.h"
#include "core/store/ActionRow.h"
#include "core/store/AuditChain.h"
#include "core/store/HeadAnchor.h"
#include "core/store/RunSummaryFold.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoreSchema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <unistd.h>

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
    // The anchor moves only after this writer's first commit, which is
    // durable and syncs whatever the log holds before it.
    store->m_durableId = store->m_lastId;
    store->m_recordsAtOpen = store->m_lastId;
    store->m_durableHash = store->m_lastHash;
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
        enqueue(std::move(p));
    }
    m_wake.notify_one();
    return future;
}

void AuditStore::append(std::vector<AuditRecord> records, std::function<void(Result<std::int64_t>)> done,
                        Durability durability)
{
    Pending p;
    p.records = std::move(records);
    p.callback = std::move(done);
    p.durable = durability == Durability::Durable;
    bool wake = true;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            p.callback(fail("the store is closing", {}, 0, m_path));
            return;
        }
        // A grouped append wakes the writer only to start its wait (the
        // first in the queue) or when the group is full.
        wake = p.durable || m_queue.empty() || m_queuedRows + p.records.size() >= kGroupRows;
        enqueue(std::move(p));
    }
    if (wake)
        m_wake.notify_one();
}

void AuditStore::enqueue(Pending p)
{
    p.queuedAt = std::chrono::steady_clock::now();
    m_queuedRows += p.records.size();
    m_queuedDurable += p.durable ? 1 : 0;
    m_queue.push_back(std::move(p));
}

Result<std::int64_t> AuditStore::appendAndWait(std::vector<AuditRecord> records)
{
    return append(std::move(records)).get();
}

void AuditStore::writerLoop()
{
    using namespace std::chrono;
    // The first commit is durable and anchored at once, before it is
    // acknowledged: a store with records and no anchor cannot prove its tail,
    // and verify says so (NOT PROVEN), even after a crash in the first 200 ms.
    auto lastAnchor = steady_clock::time_point{};
    // When the oldest grouped commit not yet on disk was made.
    std::optional<steady_clock::time_point> unsyncedSince;
    // A failed WAL sync is sticky: Linux may drop the unwritten pages and
    // clear the error, so no later sync could vouch for them. From then on
    // every append fails, and runs fail closed.
    std::optional<Error> syncFailure;
    // A failed anchor write is not ignored: until one succeeds, every batch
    // is answered with the failure (nothing is acknowledged that the anchor
    // could not vouch for), and callers fail closed.
    const auto anchorNow = [&]() -> bool {
        auto ok = HeadAnchor{m_durableId, m_durableHash}.write(m_path);
        lastAnchor = steady_clock::now();
        if (!ok) {
            m_anchorFailure = ok.error();
            return false;
        }
        m_anchorFailure.reset();
        m_anchorDirty = false;
        return true;
    };
    const auto nowDurable = [&] {
        m_anchorDirty = m_anchorDirty || m_durableId != m_lastId;
        m_durableId = m_lastId;
        m_durableHash = m_lastHash;
        unsyncedSince.reset();
    };
    while (true) {
        std::vector<Pending> batch;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            // Work is ready when it is durable, the group is full or has
            // waited kGroupDelayMs; the writer also wakes when a dirty anchor
            // or an unsynced group may be due.
            const auto idleUntil = steady_clock::now() + milliseconds(kAnchorIntervalMs);
            while (!m_stopping && m_queuedDurable == 0 && m_queuedRows < kGroupRows) {
                const auto now = steady_clock::now();
                if (!m_queue.empty() && now - m_queue.front().queuedAt >= milliseconds(kGroupDelayMs))
                    break;
                if (m_queue.empty() && now >= idleUntil)
                    break;
                m_wake.wait_until(lock,
                                  m_queue.empty() ? idleUntil : m_queue.front().queuedAt + milliseconds(kGroupDelayMs));
            }
            if (m_queue.empty() && m_stopping)
                break;
            stopping = m_stopping;
            std::size_t rows = 0;
            while (!m_queue.empty() && (batch.empty() || rows + m_queue.front().records.size() <= kMaxBatch)) {
                rows += m_queue.front().records.size();
                m_queuedRows -= m_queue.front().records.size();
                m_queuedDurable -= m_queue.front().durable ? 1 : 0;
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (!batch.empty()) {
            const bool durable = stopping || lastAnchor == steady_clock::time_point{} || m_anchorFailure ||
                                 std::any_of(batch.begin(), batch.end(), [](const Pending &p) { return p.durable; });
            Result<void> ok = syncFailure                       ? Result<void>(std::unexpected(*syncFailure))
                              : m_anchorFailure && !anchorNow() ? Result<void>(std::unexpected(*m_anchorFailure))
                                                                : commit(batch, durable);
            if (ok && durable) {
                nowDurable();
            } else if (ok && !unsyncedSince) {
                unsyncedSince = steady_clock::now();
            }
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
        // Grouped records wait at most kAnchorIntervalMs for a durable
        // commit to take them to disk; then the WAL is synced for them.
        if (unsyncedSince && !syncFailure && steady_clock::now() - *unsyncedSince >= milliseconds(kAnchorIntervalMs)) {
            if (auto synced = syncWal())
                nowDurable();
            else
                syncFailure = synced.error();
        }
        // The head anchor trails the durable log by at most kAnchorIntervalMs:
        // writing it (an fsync and a rename) on every commit would double the
        // cost of each durable decision. See docs/AUDIT.md.
        if (m_anchorDirty && steady_clock::now() - lastAnchor >= milliseconds(kAnchorIntervalMs))
            anchorNow();
    }
    if (unsyncedSince && !syncFailure && syncWal())
        nowDurable();
    if (m_anchorDirty)
        anchorNow();
}

Result<void> AuditStore::setSynchronous(bool full)
{
    if (full == m_synchronousFull)
        return {};
    if (auto ok = m_db->exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !ok)
        return ok;
    m_synchronousFull = full;
    return {};
}

Result<void> AuditStore::syncWal()
{
    // fdatasync works on the file, whichever descriptor names it: SQLite's
    // own writes to the WAL reach the disk with it.
    const std::string wal = m_path + "-wal";
    const int fd = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(std::string("cannot open the write-ahead log to sync it: ") + std::strerror(errno), {}, 0, wal);
    const int rc = ::fdatasync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        return fail(std::string("cannot sync the write-ahead log: ") + std::strerror(error), {}, 0, wal);
    return {};
}

Result<void> AuditStore::commit(std::vector<Pending> &batch, bool durable)
{
    // synchronous=FULL syncs the WAL at this commit, and with it every
    // grouped commit before it; NORMAL leaves that to the next sync.
    if (auto ok = setSynchronous(durable); !ok)
        return ok;
    const auto prepared = [this](std::unique_ptr<SqliteStatement> &slot, const char *sql) -> Result<void> {
        if (slot)
            return {};
        auto stmt = m_db->prepare(sql);
        if (!stmt)
            return std::unexpected(stmt.error());
        slot = std::make_unique<SqliteStatement>(std::move(*stmt));
        return {};
    };
    for (auto [slot, sql] :
         {std::pair{&m_head, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"},
          std::pair{&m_insert, "INSERT INTO audit (id, time_ms, run_id, type, seq, payload, prev_hash, hash) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"},
          std::pair{&m_count, "UPDATE runs SET actions = actions + ? WHERE run_id = ?"},
          std::pair{&m_row, ActionRow::kInsert}})
        if (auto ok = prepared(*slot, sql); !ok)
            return ok;
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
        auto row = m_head->step();
        if (!row)
            return rollback(row.error());
        if (*row) {
            m_lastId = m_head->columnInt(0);
            m_lastHash = std::string(m_head->columnText(1));
        }
        m_head->reset(); // no read left open on the log
    }
    SqliteStatement *insert = m_insert.get();
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
            if (auto row = ActionRow::of(r)) {
                row->bindTo(*m_row);
                if (auto ok = m_row->run(); !ok)
                    return rollback(ok.error());
            }
            if (r.type == "action")
                ++actionCounts[r.runId];
            else if (auto ok = applyToRunSummary(r); !ok)
                return rollback(ok.error());
        }
    }
    if (!actionCounts.empty()) {
        SqliteStatement *count = m_count.get();
        for (const auto &[run, n] : actionCounts) {
            count->bind(1, n).bind(2, run);
            if (auto ok = count->run(); !ok)
                return rollback(ok.error());
        }
    }
    if (auto ok = m_db->exec("COMMIT"); !ok)
        return rollback(ok.error());
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
