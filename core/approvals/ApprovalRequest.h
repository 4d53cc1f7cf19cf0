#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace warden {

enum class ApprovalState { Pending, Approved, Rejected, Expired };

const char *approvalStateName(ApprovalState state);

// A privileged request waiting for a person: what was asked, why, which rule
// asked for review, and until when. Silence denies: at the deadline it expires.
struct ApprovalRequest {
    std::string id; // short, for typing: "a7f3"
    std::string runId;
    std::string agent;
    std::int64_t seq = 0; // the action it is about
    std::string tool;
    nlohmann::json params = nlohmann::json::object();
    std::string justification;
    std::string rule; // e.g. tools.delete_file.approval
    std::int64_t requestedMs = 0;
    std::int64_t deadlineMs = 0;
    std::string launcher; // who started the run; may be barred from deciding
    bool launcherMayDecide = true;
    // An MCP tool's own description and input schema, as its server listed
    // them, for the reviewer to read beside the parameters (empty otherwise).
    std::string toolDescription;
    nlohmann::json inputSchema;

    ApprovalState state = ApprovalState::Pending;
    std::string reviewer;
    std::string reason;
    bool forRun = false;

    nlohmann::json toJson() const;
    // The wire form back (a remote Warden host's events); every field checked.
    static Result<ApprovalRequest> fromJson(const nlohmann::json &json);
};

} // namespace warden
