#include "runs/RunRecovery.h"

#include "store/AuditStore.h"
#include "store/RunRecords.h"
#include "store/SqliteConnection.h"
#include "store/SqliteStatement.h"

#include <map>
#include <nlohmann/json.hpp>

namespace warden {

Result<RunRecovery::Outcome> RunRecovery::recover(AuditStore &store)
{
    auto db = SqliteConnection::open(store.path(), SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    Outcome outcome;
    std::vector<AuditRecord> records;

    // The last word on each approval id decides whether it is still pending.
    auto approvals = db->prepare("SELECT run_id, seq, payload FROM audit WHERE type = 'approval' ORDER BY id");
    if (!approvals)
        return std::unexpected(approvals.error());
    std::map<std::string, nlohmann::json> last;
    while (true) {
        auto row = approvals->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        auto p = nlohmann::json::parse(approvals->columnText(2), nullptr, false);
        if (p.is_object() && p.contains("id"))
            last[p.value("id", std::string())] = p;
    }
    for (auto &[id, p] : last) {
        if (p.value("state", std::string()) != "pending")
            continue;
        ApprovalRequest expired;
        expired.id = id;
        expired.runId = p.value("run", std::string());
        expired.agent = p.value("agent", std::string());
        expired.seq = p.value("seq", std::int64_t(0));
        expired.tool = p.value("tool", std::string());
        expired.params = p.value("params", nlohmann::json::object());
        expired.rule = p.value("rule", std::string());
        expired.state = ApprovalState::Expired;
        expired.reason = "the warden restarted before a decision; the request was denied";
        records.push_back(RunRecords::approval(expired));
        ++outcome.approvalsExpired;
    }

    auto runs = db->prepare("SELECT run_id FROM runs WHERE state IN ('starting', 'running')");
    if (!runs)
        return std::unexpected(runs.error());
    while (true) {
        auto row = runs->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        records.push_back(RunRecords::runState(std::string(runs->columnText(0)), "failed",
                                               "the warden stopped while the run was live"));
        ++outcome.runsFailed;
    }
    if (!records.empty())
        if (auto ok = store.appendAndWait(std::move(records)); !ok)
            return std::unexpected(ok.error());
    return outcome;
}

} // namespace warden
