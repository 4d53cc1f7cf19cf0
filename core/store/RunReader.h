#pragma once

#include "core/common/Error.h"
#include "core/policy/StoredVerdict.h"
#include "core/store/ActionLog.h"
#include "core/store/SqliteConnection.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace warden {

struct RunSummary {
    std::string runId;
    std::string agent;
    std::string source;
    std::string host;
    std::string state;
    std::int64_t startedMs = 0;
    std::optional<std::int64_t> endedMs;
    std::int64_t actions = 0;
    std::string label; // empty until judged
    double confidence = 0;
    std::string summary;
    std::string declarationSha256;
};

struct RunDetail {
    RunSummary summary;
    std::string declarationText;
    std::vector<Action> actions;
    std::vector<StoredVerdict> verdicts; // in sequence order, one per action
    // Filled instead of `actions` and `verdicts` by RunReader::loadRunLog.
    ActionLog log;
    std::optional<nlohmann::json> judgement;
    // Why the run is in its state (the last run_state record's reason):
    // for a failed run, what failed.
    std::string stateReason;
    // Each approval request's last word (requested, then decided or
    // expired), in the order they were asked.
    std::vector<nlohmann::json> approvals;
    // What the agent printed (redacted), as far as it was kept, and how many
    // lines were not.
    static constexpr std::size_t kMaxOutputLines = 50'000;
    std::vector<std::string> output;
    std::int64_t outputNotStored = 0;
    // What each model answer asked for (model_turn records: "answers" names
    // the request's action), in the order they came, at most kMaxModelTurns.
    static constexpr std::size_t kMaxModelTurns = 20'000;
    std::vector<nlohmann::json> modelTurns;
};

// Read access to stored runs, on its own read-only connection (WAL lets it
// read while the writer commits).
class RunReader {
public:
    static Result<RunReader> open(const std::string &databasePath);

    Result<std::vector<RunSummary>> listRuns(int limit = 1000);
    // `runId` may be a unique prefix of at least four characters.
    Result<std::string> resolveRunId(const std::string &runId);
    Result<RunDetail> loadRun(const std::string &runId);
    // The same run with its actions and verdicts kept as stored text in
    // `log` (indexed, parsed on demand) rather than parsed: how the console
    // opens runs, a million actions in a fraction of the time and memory.
    Result<RunDetail> loadRunLog(const std::string &runId);
    // The same from the run's action rows alone (ActionRow): the table and
    // the timeline can be shown at once; each record's text is read on
    // demand (recordText) until loadRunText brings all of it. A run without
    // complete, readable rows (stored before them) is read as loadRunLog does.
    Result<RunDetail> loadRunIndex(const std::string &runId);
    struct RunText {
        std::string text;
        std::vector<ActionLog::TextSpan> spans; // by record
    };
    Result<RunText> loadRunText(const std::string &runId);
    // One action's or verdict's stored text, by its audit id.
    std::optional<std::string> recordText(std::int64_t record);
    // Runs whose agent, summary or any record (actions, verdicts, approvals)
    // contains `text`, ignoring ASCII case; newest first.
    Result<std::vector<RunSummary>> searchRuns(const std::string &text, int limit = 1000);
    // Writes the run's actions in the trace format, one per line.
    Result<std::int64_t> exportTrace(const std::string &runId, std::ostream &out);

private:
    // A stored action or verdict, handed over in blocks by readRecords.
    struct StoredRecord {
        bool isAction;
        std::int64_t seq;
        std::string payload;
    };
    // Steps through a run's records in their stored order: run_started,
    // run_state, approvals and the judgement go into `d`; actions and
    // verdicts go to `takeBlock` in blocks of 65,536 (the rest at the end).
    Result<void> readRecords(const std::string &runId, RunDetail &d,
                             const std::function<Result<void>(std::vector<StoredRecord> &)> &takeBlock);
    void addIndexedSummary(const std::string &runId, RunSummary &summary);
    static void readRunRecord(std::string_view type, std::string_view payload, std::int64_t timeMs, RunDetail &d);
    explicit RunReader(SqliteConnection db) : m_db(std::make_unique<SqliteConnection>(std::move(db))) {}
    std::unique_ptr<SqliteConnection> m_db;
};

} // namespace warden
