#pragma once

#include "core/runs/RunRecorder.h"

#include <nlohmann/json.hpp>

#include <QObject>

namespace warden {

class CallRouter;
class McpBridge;
struct McpCall;

// The MCP bridge as a door of its run: each tools/call, resources/read or
// prompts/get it brings is judged (a pinned tool whose definition changed
// is denied whatever the declaration says) and routed by CallRouter, a
// refusal answered as the tool's error result (so the model reads why), an
// allowed call let through to its server, whose answer goes on record; a
// changed pinned tool and a server's own faults go on record and into the
// agent's output.
class McpDoor : public QObject {
    Q_OBJECT
public:
    McpDoor(McpBridge &bridge, CallRouter &router, RunRecorder &run, QObject *parent = nullptr);

private:
    void onCall(const McpCall &call);
    void onToolHeld(const QString &server, const nlohmann::json &held);
    void onServerProblem(const QString &server, const QString &what);

    McpBridge &m_bridge;
    CallRouter &m_router;
    RunRecorder &m_run;
};

} // namespace warden
