#include "core/store/RunRecords.h"
#include "core/policy/StoredVerdict.h"

#include <QUuid>

namespace warden::RunRecords {

using nlohmann::json;

namespace {

AuditRecord make(const std::string &runId, const char *type, std::int64_t seq, const json &payload)
{
    AuditRecord r;
    r.runId = runId;
    r.type = type;
    r.seq = seq;
    r.payload = payload.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

} // namespace

std::string newRunId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

AuditRecord runStarted(const std::string &runId, const Declaration &declaration, const std::string &source,
                       const std::string &host)
{
    return make(runId, "run_started", 0,
                {{"agent", declaration.agent},
                 {"purpose", declaration.purpose},
                 {"declaration", declaration.sourceText},
                 {"declaration_sha256", declaration.sha256},
                 {"source", source},
                 {"host", host}});
}

AuditRecord action(const std::string &runId, const Action &a)
{
    return make(runId, "action", a.seq, a.toJson());
}

AuditRecord verdict(const std::string &runId, const Action &a, const Verdict &v)
{
    return make(runId, "verdict", v.seq, StoredVerdict::of(v).toJson(v.seq, actionKindName(a.kind)));
}

AuditRecord judgement(const std::string &runId, const Judgement &j, std::int64_t afterSeq)
{
    return make(runId, "judgement", afterSeq, j.toJson());
}

AuditRecord runState(const std::string &runId, const std::string &state, const std::string &reason)
{
    return make(runId, "run_state", 0, {{"state", state}, {"reason", reason}});
}

AuditRecord approval(const ApprovalRequest &request)
{
    return make(request.runId, "approval", request.seq, request.toJson());
}

std::vector<AuditRecord> evaluatedRun(const std::string &runId, const TraceEvaluation &evaluation,
                                      const std::string &source, const std::string &reason)
{
    std::vector<AuditRecord> records;
    records.reserve(evaluation.actions.size() * 2 + 3);
    records.push_back(runStarted(runId, *evaluation.declaration, source, "offline"));
    for (std::size_t i = 0; i < evaluation.actions.size(); ++i) {
        records.push_back(action(runId, evaluation.actions[i]));
        records.push_back(verdict(runId, evaluation.actions[i], evaluation.verdicts[i]));
    }
    const std::int64_t last = evaluation.actions.empty() ? 0 : evaluation.actions.back().seq;
    records.push_back(judgement(runId, evaluation.judgement, last));
    records.push_back(runState(runId, "finished", reason));
    return records;
}

AuditRecord response(const std::string &runId, std::int64_t seq, const nlohmann::json &answer)
{
    return make(runId, "response", seq, answer);
}

AuditRecord protocolViolation(const std::string &runId, const std::string &excerpt)
{
    AuditRecord r = make(runId, "protocol_violation", 0, json{{"what", excerpt}});
    r.seq = AuditRecord{}.seq;
    return r;
}

AuditRecord mcpToolHeld(const std::string &runId, std::int64_t seq, const std::string &server,
                        const std::string &heldText, const nlohmann::json &held)
{
    AuditRecord r = make(runId, "mcp_tool_held", seq, json::object());
    r.payload = heldText.size() <= 64 * 1024 ? heldText
                                             : json{{"server", server},
                                                    {"tool", held.value("tool", "")},
                                                    {"pinned", held.value("pinned", "")},
                                                    {"now", held.value("now", "")}}
                                                   .dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

AuditRecord modelTurn(const std::string &runId, std::int64_t seq, const nlohmann::json &turn)
{
    return make(runId, "model_turn", seq, turn);
}

AuditRecord mcpServerProblem(const std::string &runId, std::int64_t seq, const std::string &server,
                             const std::string &what)
{
    return make(runId, "mcp_server", seq, json{{"server", server}, {"what", what}});
}

AuditRecord mirrored(const std::string &runId, const char *type, std::int64_t seq, const nlohmann::json &payload)
{
    return make(runId, type, seq, payload);
}

} // namespace warden::RunRecords
