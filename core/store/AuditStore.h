#pragma once

#include "core/common/Error.h"
#include "core/store/AuditRecord.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace warden {

class SqliteConnection;
class SqliteStatement;

// The append-only, hash-chained audit store. One writer thread owns the write
// connection; callers queue records and get a future that resolves once those
// records are committed, so "stored before the decision is returned" is
// something a caller can wait for. Records queued while a commit is in flight
// go into the next transaction together, which is what keeps a durable store
// fast.
//
// Commit at the boundary (docs/AUDIT.md): a durable append is on disk
// (synchronous=FULL, the WAL synced) when it resolves, and with it every
// record queued before it, since the log is ordered. A grouped append is
// committed in order but its WAL pages reach the disk with the next durable
// commit, or within kAnchorIntervalMs when no durable one comes: a killed
// warden loses nothing it committed, a power loss at most that interval of
// grouped records. The head anchor vouches only for durable records.
class AuditStore {
public:
    static constexpr std::size_t kMaxBatch = 20000;
    static constexpr int kAnchorIntervalMs = 200;
    // Grouped records wait at most this long for others to share their
    // transaction (unless a durable append or kGroupRows come first).
    static constexpr int kGroupDelayMs = 5;
    static constexpr std::size_t kGroupRows = 512;

    enum class Durability { Durable, Grouped };

    // Opens (creating if needed) and migrates the store at `path`. Refuses a
    // store whose head does not match its anchor: appending to a truncated or
    // rewritten log would make the damage look like history.
    static Result<std::unique_ptr<AuditStore>> open(const std::string &path);
    ~AuditStore(); // commits what is queued, then stops the writer

    AuditStore(const AuditStore &) = delete;
    AuditStore &operator=(const AuditStore &) = delete;

    // Resolves to the id of the last record of this call once committed.
    std::future<Result<std::int64_t>> append(std::vector<AuditRecord> records);
    Result<std::int64_t> appendAndWait(std::vector<AuditRecord> records);
    // Calls `done` on the writer thread once committed (or failed); callers
    // hop back to their own thread from there.
    void append(std::vector<AuditRecord> records, std::function<void(Result<std::int64_t>)> done,
                Durability durability = Durability::Durable);

    const std::string &path() const { return m_path; }
    // The id of the last record when the store was opened (0 when empty):
    // what came before this warden. Set once, before the writer starts.
    std::int64_t recordsAtOpen() const { return m_recordsAtOpen; }

private:
    struct Pending {
        std::vector<AuditRecord> records;
        std::promise<Result<std::int64_t>> done;
        std::function<void(Result<std::int64_t>)> callback;
        bool durable = true;
        std::chrono::steady_clock::time_point queuedAt;
    };

    explicit AuditStore(std::string path);
    void enqueue(Pending p); // under m_mutex
    void writerLoop();
    Result<void> commit(std::vector<Pending> &batch, bool durable);
    Result<void> setSynchronous(bool full);
    // Syncs the WAL file: what was committed grouped becomes durable.
    Result<void> syncWal();
    Result<void> applyToRunSummary(const AuditRecord &record);

    std::string m_path;
    std::unique_ptr<SqliteConnection> m_db;
    std::unique_ptr<SqliteStatement> m_head, m_insert, m_count, m_row; // the writer's statements, prepared once
    std::int64_t m_lastId = 0;
    std::int64_t m_recordsAtOpen = 0;
    std::string m_lastHash;
    std::int64_t m_durableId = 0; // writer thread only: the last record known to be on disk
    std::string m_durableHash;
    bool m_synchronousFull = true;        // writer thread only: the connection's setting
    bool m_anchorDirty = false;           // writer thread only
    std::optional<Error> m_anchorFailure; // writer thread only: the last anchor write failed

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    std::size_t m_queuedRows = 0;    // records in m_queue
    std::size_t m_queuedDurable = 0; // durable appends in m_queue
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace warden
