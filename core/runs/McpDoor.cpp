#include "core/runs/McpDoor.h"

#include "core/mcp/McpBridge.h"
#include "core/mcp/McpCall.h"
#include "core/mcp/McpToolDiff.h"
#include "core/runs/CallRouter.h"
#include "core/store/RunRecords.h"

#include <QPointer>

namespace warden {

namespace {

std::string keyOf(std::uint64_t call)
{
    return "mcp:" + std::to_string(call);
}

} // namespace

McpDoor::McpDoor(McpBridge &bridge, CallRouter &router, RunRecorder &run, QObject *parent)
    : QObject(parent), m_bridge(bridge), m_router(router), m_run(run)
{
    connect(&m_bridge, &McpBridge::callReceived, this, &McpDoor::onCall);
    connect(&m_bridge, &McpBridge::callAnswered, this,
            [this](std::uint64_t call, const nlohmann::json &result, bool isError, const QString &error) {
                m_router.answered(keyOf(call), result, isError, error.toStdString());
            });
    connect(&m_bridge, &McpBridge::toolHeld, this, &McpDoor::onToolHeld);
    connect(&m_bridge, &McpBridge::serverProblem, this, &McpDoor::onServerProblem);
}

void McpDoor::onCall(const McpCall &mcp)
{
    Action a;
    a.kind = ActionKind::ToolCall;
    a.source = "mcp";
    a.tool = mcp.tool;
    a.params = mcp.params;
    a.mcp = mcp.rpc;
    a.canaries = m_run.canariesIn(mcp.params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    QPointer<McpDoor> self(this);
    auto then = [self, mcp](const Action &action, const Verdict &verdict) {
        if (!self)
            return;
        JudgedCall call;
        call.key = keyOf(mcp.id);
        call.id = mcp.rpc.method + "#" + std::to_string(mcp.id & 0xffffffffU);
        call.tool = mcp.tool;
        call.params = mcp.params;
        call.actionSeq = action.seq;
        call.description = mcp.description;
        call.inputSchema = mcp.inputSchema;
        QPointer<McpBridge> bridge(&self->m_bridge);
        call.reply = [bridge, id = mcp.id](GatewayAnswer, const std::string &reason, const nlohmann::json &) {
            if (bridge)
                bridge->refuse(id, reason);
        };
        call.forward = [bridge, id = mcp.id] {
            if (bridge)
                bridge->allow(id);
        };
        self->m_router.route(std::move(call), action, verdict);
    };
    std::optional<Reason> held;
    if (!mcp.held.empty())
        held = Reason{"tools." + mcp.tool + ".pinned", mcp.held};
    m_run.judgeAndRecord(std::move(a), std::move(then), std::move(held));
}

void McpDoor::onToolHeld(const QString &server, const nlohmann::json &held)
{
    // On record with both definitions, and said to whoever watches the run
    // as a diff (the console's output tab, wardenctl run).
    nlohmann::json payload = held;
    payload["server"] = server.toStdString();
    std::string text = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    m_run.redact(text);
    m_run.record({RunRecords::mcpToolHeld(m_run.runIdentity(), m_run.lastSeq(), server.toStdString(), text, held)},
                 [](bool) {});
    for (const QString &line : McpToolDiff::lines(held)) {
        std::string shown = "[warden] " + line.toStdString();
        m_run.redact(shown);
        m_run.say(shown);
    }
}

void McpDoor::onServerProblem(const QString &server, const QString &what)
{
    // The server's fault, not the agent's: on record, not held against it.
    std::string text = what.left(240).toStdString();
    m_run.redact(text);
    m_run.record({RunRecords::mcpServerProblem(m_run.runIdentity(), m_run.lastSeq(), server.toStdString(), text)},
                 [](bool) {});
    m_run.say("[warden] " + text);
}

} // namespace warden
