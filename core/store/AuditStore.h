#pragma once

#include "core/common/Error.h"
#include "core/store/AuditRecord.h"

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

// The append-only, hash-chained audit store. One writer thread owns the write
// connection; callers queue records and get a future that resolves once those
// records are committed (WAL, synchronous=FULL), so "stored before the
// decision is returned" is something a caller can wait for. Records queued
// while a commit is in flight go into the next transaction together, which is
// what keeps a durable store fast.
class AuditStore {
public:
    static constexpr std::size_t kMaxBatch = 20000;
    static constexpr int kAnchorIntervalMs = 200;

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
    void append(std::vector<AuditRecord> records, std::function<void(Result<std::int64_t>)> done);

    const std::string &path() const { return m_path; }

private:
    struct Pending {
        std::vector<AuditRecord> records;
        std::promise<Result<std::int64_t>> done;
        std::function<void(Result<std::int64_t>)> callback;
    };

    explicit AuditStore(std::string path);
    void writerLoop();
    Result<void> commit(std::vector<Pending> &batch);
    Result<void> applyToRunSummary(const AuditRecord &record);

    std::string m_path;
    std::unique_ptr<SqliteConnection> m_db;
    std::int64_t m_lastId = 0;
    std::string m_lastHash;
    bool m_anchorDirty = false;           // writer thread only
    std::optional<Error> m_anchorFailure; // writer thread only: the last anchor write failed

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace warden
