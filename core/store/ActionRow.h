#pragma once

#include "core/store/AuditRecord.h"

#include <cstdint>
#include <optional>
#include <string>

namespace warden {

class SqliteStatement;

// What a run's table and timeline need of one stored action or verdict,
// derived from its record when it is committed and kept beside the log in
// `action_rows` (not chained: `audit verify` checks it against the chain).
// A console then opens a run of a million actions by reading these small
// rows, not 220 MB of JSON; the records' text follows on demand. A record
// whose fields cannot be read gives an unusable row, and readers take the
// run the slow way, which names what is wrong.
struct ActionRow {
    std::string runId;
    std::int64_t record = 0; // the audit record's id
    std::int64_t seq = 0;
    bool isVerdict = false;
    bool usable = false;
    // action: kind, time (ms, or none), source; verdict: decision, declared.
    std::string kind;
    std::optional<std::int64_t> timeMs;
    std::string source;
    std::string decision;
    bool declared = false;

    // The row of an "action" or "verdict" record; nullopt for other types.
    static std::optional<ActionRow> of(const AuditRecord &record);
    // Binds the row to `insert` (the columns of kInsert, in order).
    void bindTo(SqliteStatement &insert) const;
    // One canonical line of the row, for comparing rows as stored with rows
    // as derived (AuditVerifier digests them per run).
    std::string canonical() const;

    static constexpr const char *kInsert =
        "INSERT INTO action_rows (run_id, record, seq, is_verdict, kind, time_ms, source, decision, declared) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static constexpr const char *kColumns =
        "run_id, record, seq, is_verdict, kind, time_ms, source, decision, declared";
    // A row read back with kColumns (from column `first` on).
    static ActionRow read(const SqliteStatement &row, int first = 0);
};

} // namespace warden
