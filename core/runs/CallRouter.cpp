#include "core/runs/CallRouter.h"

#include "core/policy/Url.h"
#include "core/runs/BuiltinExecutor.h"
#include "core/runs/CodeScan.h"
#include "core/runs/ToolExecution.h"
#include "core/store/RunRecords.h"

#include <QDateTime>
#include <QPointer>
#include <QUuid>

namespace warden {

CallRouter::CallRouter(const RunConfig &config, ApprovalQueue &approvals, RunRecorder &run, QObject *parent)
    : QObject(parent), m_config(config), m_approvals(approvals), m_run(run)
{}

void CallRouter::route(JudgedCall call, const Action &action, const Verdict &verdict)
{
    switch (verdict.decision) {
    case Decision::Deny: answer(call, GatewayAnswer::Deny, verdict.reasonsText()); return;
    case Decision::ApprovalRequired: requestApproval(call, action, verdict); return;
    case Decision::Allow: break;
    }
    auto code = m_config.codeTools.find(call.tool);
    if (code != m_config.codeTools.end() && call.params.contains(code->second) &&
        call.params.at(code->second).is_string()) {
        scanCode(call, call.params.at(code->second).get<std::string>());
        return;
    }
    execute(call, GatewayAnswer::Allow);
}

void CallRouter::respond(const JudgedCall &call, GatewayAnswer decided, const std::string &reason, nlohmann::json extra)
{
    // The decision itself is already durable (the action and its verdict, or
    // the approval record, were committed first); the answer's own record is
    // queued behind it and need not hold the agent up.
    std::string storedReason = reason;
    m_run.redact(storedReason);
    nlohmann::json payload{{"request_id", call.id},
                           {"tool", call.tool},
                           {"decision", gatewayAnswerName(decided)},
                           {"reason", storedReason},
                           {"answers", call.actionSeq}};
    for (auto &[key, value] : extra.items())
        payload[key] = std::move(value);
    m_run.record({RunRecords::response(m_run.runIdentity(), call.actionSeq, payload)}, [](bool) {});
}

void CallRouter::answer(const JudgedCall &call, GatewayAnswer answer, const std::string &reason,
                        const nlohmann::json &result)
{
    respond(call, answer, reason, nlohmann::json::object());
    call.reply(answer, reason, result);
}

void CallRouter::answered(const std::string &key, const nlohmann::json &result, bool isError, const std::string &error)
{
    auto it = m_forwarded.find(key);
    if (it == m_forwarded.end())
        return;
    const Forwarded forwarded = std::move(it->second);
    m_forwarded.erase(it);
    // What the far side returned, as the reviewer may read it: canaries cut
    // out, and at most 16 KiB of it (the agent gets it whole).
    constexpr std::size_t kMaxStored = 16 * 1024;
    std::string text =
        result.is_null() ? std::string() : result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::size_t bytes = text.size();
    m_run.redact(text);
    if (text.size() > kMaxStored)
        text = text.substr(0, kMaxStored) + "…";
    respond(forwarded.call, forwarded.decided, error.empty() ? std::string("answered by the MCP server") : error,
            {{"result", text}, {"result_bytes", bytes}, {"is_error", isError}});
}

void CallRouter::scanCode(const JudgedCall &call, const std::string &code)
{
    // Fail closed at every step: code that was not scanned does not run.
    QPointer<CallRouter> self(this);
    CodeScan::start(
        m_config.scannerRoot, m_config.scannerScript, code, this, [self, call](Result<std::vector<Action>> found) {
            if (!self)
                return;
            if (!found) {
                self->answer(call, GatewayAnswer::Deny, found.error().message + ": do not run it");
                return;
            }
            if (found->empty()) {
                self->execute(call, GatewayAnswer::Allow);
                return;
            }
            // Every action the code would take is judged and recorded; one that
            // is not allowed keeps the code from running.
            auto denied = std::make_shared<std::vector<std::int64_t>>();
            auto remaining = std::make_shared<std::size_t>(found->size());
            for (auto &a : *found) {
                self->m_run.judgeAndRecord(
                    std::move(a), [self, call, denied, remaining](const Action &act, const Verdict &v) {
                        if (v.decision != Decision::Allow)
                            denied->push_back(act.seq);
                        if (--*remaining > 0 || !self)
                            return;
                        if (denied->empty()) {
                            self->execute(call, GatewayAnswer::Allow);
                            return;
                        }
                        std::string list;
                        for (auto seq : *denied)
                            list += (list.empty() ? "" : ", ") + std::to_string(seq);
                        self->answer(call, GatewayAnswer::Deny,
                                     "the code would do undeclared things (actions " + list + "); do not run it");
                    });
            }
        });
}

void CallRouter::execute(const JudgedCall &call, GatewayAnswer decided)
{
    if (call.forward) {
        // The far side carries it out; its answer is recorded on the way back.
        m_forwarded[call.key] = {call, decided};
        call.forward();
        return;
    }
    auto it = m_config.executors.find(call.tool);
    if (it == m_config.executors.end()) {
        answer(call, decided,
               decided == GatewayAnswer::Approved
                   ? "approved, but no executor is configured for this tool on the warden: nothing was run"
                   : "declared");
        return;
    }
    const ToolExecutor &executor = it->second;
    auto addresses = BuiltinExecutor::Addresses::PublicOnly;
    if (executor.kind == ToolExecutor::Kind::Http && call.params.contains(executor.urlParam) &&
        call.params.at(executor.urlParam).is_string())
        if (auto url = Url::parse(call.params.at(executor.urlParam).get<std::string>());
            url && m_config.declaration->mayReachInternal(url->host, url->port))
            addresses = BuiltinExecutor::Addresses::InternalToo;
    const bool builtin = executor.kind != ToolExecutor::Kind::Argv;
    QPointer<CallRouter> self(this);
    ToolExecution::start(executor, call.params, addresses, this,
                         [self, call, decided, builtin](Result<nlohmann::json> result) {
                             if (!self)
                                 return;
                             if (result)
                                 self->answer(call, decided, "executed by the warden", *result);
                             else if (builtin)
                                 self->answer(call, decided,
                                              std::string(gatewayAnswerName(decided)) +
                                                  ", but the executor failed: " + result.error().message);
                             else // a command that could not start ran nothing
                                 self->answer(call, GatewayAnswer::Deny, result.error().message);
                         });
}

void CallRouter::requestApproval(const JudgedCall &call, const Action &action, const Verdict &verdict)
{
    ApprovalRequest a;
    a.runId = m_run.runIdentity();
    a.agent = m_config.declaration->agent;
    a.seq = action.seq;
    a.tool = call.tool;
    a.params = action.params; // redacted
    a.justification = action.justification;
    a.rule = verdict.rule;
    a.requestedMs = QDateTime::currentMSecsSinceEpoch();
    a.deadlineMs = a.requestedMs + static_cast<std::int64_t>(m_config.approvalTimeoutSeconds) * 1000;
    a.launcher = m_config.launcher;
    a.launcherMayDecide = m_config.launcherMayApprove;
    a.toolDescription = call.description;
    a.inputSchema = call.inputSchema;
    QPointer<CallRouter> self(this);
    // The request is on record (as pending) before any reviewer can see it,
    // so a warden that dies now is known to have left it undecided.
    a.id = QUuid::createUuid().toString(QUuid::Id128).left(8).toStdString();
    m_run.record({RunRecords::approval(a)}, [self, a, call](bool ok) {
        if (!self)
            return;
        if (!ok) {
            self->answer(call, GatewayAnswer::Expired, "the request could not be recorded");
            return;
        }
        self->submitApproval(a, call);
    });
}

void CallRouter::submitApproval(const ApprovalRequest &a, const JudgedCall &call)
{
    QPointer<CallRouter> self(this);
    m_approvals.submit(a, [self, call](const ApprovalRequest &r) {
        if (!self)
            return;
        self->m_run.record({RunRecords::approval(r)}, [self, call, r](bool ok) {
            if (!self)
                return;
            if (!ok || r.state == ApprovalState::Expired)
                self->answer(call, GatewayAnswer::Expired,
                             r.reason.empty() ? "no decision before the deadline" : r.reason);
            else if (r.state == ApprovalState::Rejected)
                self->answer(call, GatewayAnswer::Rejected, r.reason);
            else
                self->execute(call, GatewayAnswer::Approved);
        });
    });
}

} // namespace warden
