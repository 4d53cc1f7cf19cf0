#pragma once

#include "cli/CliContext.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <string>

namespace warden {

// What a live run prints on a terminal, shared by local runs (LiveSession)
// and runs on a remote Warden host (RemoteSession), which both speak the
// wire forms: Action/Verdict/Judgement/ApprovalRequest::toJson.
class LivePrinter {
public:
    explicit LivePrinter(CliContext &ctx) : m_ctx(ctx) {}

    void state(const std::string &state, const std::string &detail);
    void output(const std::string &line);
    void action(const nlohmann::json &action, const nlohmann::json &verdict); // as a remote host sends it
    void action(const Action &action, const nlohmann::json &verdict);
    void approvalNeeded(const nlohmann::json &request, const nlohmann::json &judgement);
    void approvalResolved(const nlohmann::json &request);
    // A failed run says so first; its judgement only covers the `actions` it had.
    void judgement(const nlohmann::json &judgement, std::size_t actions, const std::string &runId,
                   const std::string &state, const std::string &detail);

private:
    void printAction(const std::string &description, const nlohmann::json &verdict);
    CliContext &m_ctx;
};

} // namespace warden
