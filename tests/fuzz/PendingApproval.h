#pragma once

#include "core/approvals/ApprovalRequest.h"

#include <cstdint>

// The one pending request the control and host-session targets decide on.
// Its deadline is far away: a deadline of 0 (the default) made every decision
// "too late", so the approve and reject paths were never fuzzed.
inline warden::ApprovalRequest pendingApproval()
{
    warden::ApprovalRequest pending;
    pending.id = "ap-1";
    pending.runId = "run-1";
    pending.agent = "code-bot";
    pending.tool = "delete_file";
    pending.params = {{"path", "/tmp/x"}};
    pending.deadlineMs = std::int64_t{1} << 50;
    return pending;
}
