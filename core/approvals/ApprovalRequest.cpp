#include "approvals/ApprovalRequest.h"

#include "common/Timestamp.h"

namespace warden {

const char *approvalStateName(ApprovalState state)
{
    switch (state) {
    case ApprovalState::Pending: return "pending";
    case ApprovalState::Approved: return "approved";
    case ApprovalState::Rejected: return "rejected";
    case ApprovalState::Expired: return "expired";
    }
    return "expired";
}

nlohmann::json ApprovalRequest::toJson() const
{
    return {{"id", id},
            {"run", runId},
            {"agent", agent},
            {"seq", seq},
            {"tool", tool},
            {"params", params},
            {"justification", justification},
            {"rule", rule},
            {"requested", Timestamp::format(requestedMs)},
            {"deadline", Timestamp::format(deadlineMs)},
            {"state", approvalStateName(state)},
            {"reviewer", reviewer},
            {"reason", reason},
            {"for_run", forRun}};
}

} // namespace warden
