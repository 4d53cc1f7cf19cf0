#include "core/approvals/ApprovalRequest.h"
#include "core/json/JsonLookup.h"

#include "core/common/Timestamp.h"

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
    nlohmann::json out = {{"id", id},
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
                          {"launcher", launcher},
                          {"reason", reason},
                          {"for_run", forRun}};
    if (!toolDescription.empty())
        out["tool_description"] = toolDescription;
    if (!inputSchema.is_null())
        out["input_schema"] = inputSchema;
    return out;
}

Result<ApprovalRequest> ApprovalRequest::fromJson(const nlohmann::json &json)
{
    if (!json.is_object())
        return fail("an approval request is an object");
    ApprovalRequest r;
    const auto text = [&](const char *key, std::string &into) -> Result<void> {
        auto it = json.find(key);
        if (it == json.end() || !it->is_string())
            return fail("missing or not a string", std::string("/") + key);
        into = it->get<std::string>();
        return {};
    };
    std::string requested, deadline, state;
    for (auto ok :
         {text("id", r.id), text("run", r.runId), text("agent", r.agent), text("tool", r.tool),
          text("justification", r.justification), text("rule", r.rule), text("requested", requested),
          text("deadline", deadline), text("state", state), text("reviewer", r.reviewer), text("reason", r.reason)})
        if (!ok)
            return std::unexpected(ok.error());
    if (r.id.empty() || r.id.size() > 64)
        return fail("must be 1 to 64 characters", "/id");
    // Who started the run; records written before it was kept have none.
    if (auto launcher = json.find("launcher"); launcher != json.end()) {
        if (!launcher->is_string())
            return fail("not a string", "/launcher");
        r.launcher = launcher->get<std::string>();
    }
    auto seq = json.find("seq");
    if (seq == json.end() || !seq->is_number_integer())
        return fail("missing or not a whole number", "/seq");
    r.seq = seq->get<std::int64_t>();
    auto params = json.find("params");
    if (params == json.end() || !params->is_object())
        return fail("missing or not an object", "/params");
    r.params = *params;
    // An MCP tool's description and schema; absent for every other tool.
    if (auto d = json.find("tool_description"); d != json.end()) {
        if (!d->is_string())
            return fail("not a string", "/tool_description");
        r.toolDescription = d->get<std::string>();
    }
    if (auto schema = json.find("input_schema"); schema != json.end()) {
        if (!schema->is_object())
            return fail("not an object", "/input_schema");
        r.inputSchema = *schema;
    }
    auto requestedMs = Timestamp::parse(requested);
    auto deadlineMs = Timestamp::parse(deadline);
    if (!requestedMs || !deadlineMs)
        return fail("not an RFC 3339 time", !requestedMs ? "/requested" : "/deadline");
    r.requestedMs = *requestedMs;
    r.deadlineMs = *deadlineMs;
    if (state == "pending")
        r.state = ApprovalState::Pending;
    else if (state == "approved")
        r.state = ApprovalState::Approved;
    else if (state == "rejected")
        r.state = ApprovalState::Rejected;
    else if (state == "expired")
        r.state = ApprovalState::Expired;
    else
        return fail("must be pending, approved, rejected or expired", "/state");
    r.forRun = JsonLookup::booleanOr(json, "for_run", false);
    return r;
}

} // namespace warden
