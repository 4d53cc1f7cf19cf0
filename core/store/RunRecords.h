#pragma once

#include "core/approvals/ApprovalRequest.h"
#include "core/judge/Judgement.h"
#include "core/judge/TraceEvaluation.h"
#include "core/policy/Declaration.h"
#include "core/policy/Verdict.h"
#include "core/store/AuditRecord.h"
#include "core/trace/Action.h"

#include <string>

namespace warden::RunRecords {

// Builders for the audit records that make up a run. Payloads are canonical
// JSON: nlohmann's dump() with its sorted keys.

std::string newRunId();

AuditRecord runStarted(const std::string &runId, const Declaration &declaration, const std::string &source,
                       const std::string &host);
AuditRecord action(const std::string &runId, const Action &action);
AuditRecord verdict(const std::string &runId, const Action &action, const Verdict &verdict);
AuditRecord judgement(const std::string &runId, const Judgement &judgement, std::int64_t afterSeq);
AuditRecord runState(const std::string &runId, const std::string &state, const std::string &reason);
AuditRecord approval(const ApprovalRequest &request);

// A whole offline evaluation as one finished run: start, each action with its
// verdict, the judgement, the end. `reason` explains how it ended.
std::vector<AuditRecord> evaluatedRun(const std::string &runId, const TraceEvaluation &evaluation,
                                      const std::string &source, const std::string &reason);
AuditRecord response(const std::string &runId, std::int64_t seq, const nlohmann::json &answer);
// Something a door could not make sense of (`excerpt`: a short, redacted
// piece of it), held against the agent.
AuditRecord protocolViolation(const std::string &runId, const std::string &excerpt);
// An MCP server's pinned tool whose definition changed (`held`: the tool,
// both definitions), already redacted; cut to its names past 64 KiB.
AuditRecord mcpToolHeld(const std::string &runId, std::int64_t seq, const std::string &server,
                        const std::string &heldText, const nlohmann::json &held);
// What a model answered through the model door (ModelTurn, redacted), after
// the `model` action it answers.
AuditRecord modelTurn(const std::string &runId, std::int64_t seq, const nlohmann::json &turn);
// An MCP server's own fault (`what`, redacted): not held against the agent.
AuditRecord mcpServerProblem(const std::string &runId, std::int64_t seq, const std::string &server,
                             const std::string &what);
// A record as another warden made it (a remote Warden host's action, verdict
// or judgement), kept in this store's own chain. The caller has checked it.
AuditRecord mirrored(const std::string &runId, const char *type, std::int64_t seq, const nlohmann::json &payload);

} // namespace warden::RunRecords
