#pragma once

#include "core/runs/RunRecorder.h"

#include <QObject>

namespace warden {

class CallRouter;
class GatewayServer;
struct GatewayRequest;

// The tool gateway as a door of its run: each request the agent sends
// ($WARDEN_GATEWAY) becomes a tool-call action, judged and recorded, then
// routed by CallRouter (run, refused, or held for a reviewer), the answer
// going back on the connection it came on.
class GatewayDoor : public QObject {
    Q_OBJECT
public:
    GatewayDoor(GatewayServer &gateway, CallRouter &router, RunRecorder &run, QObject *parent = nullptr);

private:
    void onRequest(quint64 connection, const GatewayRequest &request);

    GatewayServer &m_gateway;
    CallRouter &m_router;
    RunRecorder &m_run;
};

} // namespace warden
