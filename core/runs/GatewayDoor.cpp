#include "core/runs/GatewayDoor.h"

#include "core/gateway/GatewayServer.h"
#include "core/runs/CallRouter.h"

#include <QPointer>

namespace warden {

GatewayDoor::GatewayDoor(GatewayServer &gateway, CallRouter &router, RunRecorder &run, QObject *parent)
    : QObject(parent), m_gateway(gateway), m_router(router), m_run(run)
{
    connect(&m_gateway, &GatewayServer::requestReceived, this, &GatewayDoor::onRequest);
}

void GatewayDoor::onRequest(quint64 connection, const GatewayRequest &request)
{
    Action a;
    a.kind = ActionKind::ToolCall;
    a.source = "gateway";
    a.tool = request.tool;
    a.params = request.params;
    a.justification = request.justification;
    a.canaries = m_run.canariesIn(request.params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    m_run.judgeAndRecord(std::move(a), [this, connection, request](const Action &action, const Verdict &verdict) {
        JudgedCall call;
        call.key = "gateway:" + std::to_string(connection) + ":" + request.id;
        call.id = request.id;
        call.tool = request.tool;
        call.params = request.params;
        call.actionSeq = action.seq;
        QPointer<GatewayServer> gateway(&m_gateway);
        call.reply = [gateway, connection, id = request.id](GatewayAnswer answer, const std::string &reason,
                                                            const nlohmann::json &result) {
            if (gateway)
                gateway->reply(
                    connection,
                    {{"id", id}, {"decision", gatewayAnswerName(answer)}, {"reason", reason}, {"result", result}});
        };
        m_router.route(std::move(call), action, verdict);
    });
}

} // namespace warden
