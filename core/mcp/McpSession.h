#pragma once

#include "core/mcp/McpCall.h"
#include "core/mcp/McpToolCatalog.h"
#include "core/policy/Declaration.h"

#include <QObject>
#include <QPointer>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

class QLocalSocket;
class QTimer;

namespace warden {

class McpServerLink;
struct McpMessage;

// One agent's MCP client connected to one declared server, with the warden
// in the middle: initialize is negotiated with both sides, tools/list is
// cut to the declared tools, and every tools/call, resources/read and
// prompts/get waits for allow() or refuse() (the run judges it). Progress
// and cancellation pass through; requests the server makes of the client
// (sampling, roots, elicitation) are refused, since the client was never
// offered to it. What either side sends is bounded; a server that breaks the
// protocol, floods, or does not answer in time costs the agent one error,
// never the warden.
class McpSession : public QObject {
    Q_OBJECT
public:
    struct Limits {
        qsizetype maxLineBytes = 1024 * 1024; // from the agent
        int maxOpen = 32;                     // requests waiting on judgement or the server
        qint64 maxUnreadBytes = 8 * 1024 * 1024;
        int callTimeoutMs = 120'000; // a server that does not answer a forwarded request in this
        std::size_t maxTools = 512;  // tools remembered from tools/list (description, schema)
    };

    // `agent` is the relay's connection (stdio clients); without one, what
    // the client sends comes in through receive() and what it is sent goes
    // out through sentToAgent() (HTTP clients, McpHttpFront).
    // `link` reaches the server (a stdio process or a URL); the session owns it.
    McpSession(std::uint32_t id, QLocalSocket *agent, McpServerRule server,
               std::shared_ptr<const Declaration> declaration, McpServerLink *link, Limits limits,
               QObject *parent = nullptr);
    ~McpSession() override;

    void start();
    // One message from the client.
    void receive(const QByteArray &message);
    void allow(std::uint64_t call);
    // Answers the call with a tool result marked isError (a tools/call) or
    // a JSON-RPC error (the others), with the reason, so the model reads why.
    void refuse(std::uint64_t call, const std::string &reason);
    void close();
    const std::string &server() const { return m_server.name; }

Q_SIGNALS:
    void callReceived(const warden::McpCall &call);
    // The server's answer to an allowed call, before it reaches the agent.
    void callAnswered(std::uint64_t call, const nlohmann::json &result, bool isError, const QString &error);
    // Something to put on record: a server or an agent that broke the protocol.
    void serverProblem(const QString &what);
    // A pinned tool's listed definition no longer matches its pin: what was
    // pinned and what is listed now ({"tool", "pinned", "now", "was",
    // "becomes"}; "was" is null when this session never saw the old one).
    void toolHeld(const nlohmann::json &held);
    void agentProblem(const QString &what);
    void closed();
    // A message for a client without a connection of its own.
    void sentToAgent(const nlohmann::json &message);

private:
    struct Judging {
        nlohmann::json agentId;
        std::string method;
        nlohmann::json params; // what was judged, and all that is forwarded
        bool cancelled = false;
        nlohmann::json progressToken; // the client's, kept here (null: none)
    };
    // PinCheck: Warden's own tools/list, to check pinned tools' definitions
    // before a call to one of them is judged (the client need not list).
    enum class Upstream { Initialize, ToolsList, Call, Listing, PinCheck };
    struct Waiting {
        Upstream kind = Upstream::Listing;
        nlohmann::json agentId;
        std::uint64_t call = 0;
        QTimer *deadline = nullptr;
    };

    // The judged call's request, once, unless the client cancelled it.
    std::optional<Judging> takeJudged(std::uint64_t call);
    void sendRefusal(const Judging &j, const std::string &reason);
    void onAgentReadable();
    void onAgentLine(const QByteArray &line);
    void onAgentRequest(const nlohmann::json &id, const std::string &method, const nlohmann::json &params);
    void onAgentNotification(const std::string &method, const nlohmann::json &params);
    void onServerMessage(const nlohmann::json &message);
    void onServerResponse(const McpMessage &message);
    // Ends a forwarded request with an error to the agent (and on record).
    void failWaiting(std::int64_t upstreamId, const std::string &why);
    void onServerEnded(const QString &why);
    void forward(Upstream kind, const nlohmann::json &agentId, std::uint64_t call, const std::string &method,
                 const nlohmann::json &params);
    void judge(const nlohmann::json &agentId, const std::string &method, const nlohmann::json &params);
    // Why a call to a pinned tool may not go on ("" when it may); when its
    // definition is not known yet, a check is started and `parked` is set.
    std::string pinProblem(const std::string &tool, bool &parked);
    // The pin check's listing page came (or failed: null): the next page,
    // or the parked calls judged again.
    void onPinCheck(const nlohmann::json *result);
    void finishWaiting(std::int64_t upstreamId);
    void sendResult(const nlohmann::json &id, const nlohmann::json &result);
    void sendError(const nlohmann::json &id, int code, const std::string &message);
    void sendToAgent(const nlohmann::json &message);
    int openCount() const { return static_cast<int>(m_judging.size() + m_waiting.size()); }

    std::uint32_t m_id;
    QPointer<QLocalSocket> m_agent;
    McpServerRule m_server;
    std::shared_ptr<const Declaration> m_declaration;
    Limits m_limits;
    McpServerLink *m_link;
    QByteArray m_buffer;
    bool m_discarding = false;
    std::uint32_t m_nextCall = 1;
    std::int64_t m_nextUpstreamId = 1;
    std::map<std::uint64_t, Judging> m_judging;
    std::map<std::int64_t, Waiting> m_waiting;
    // Progress tokens: the server gets one of Warden's per call, never the
    // client's (which nobody judged); its progress is relayed under the
    // client's own.
    std::map<std::string, nlohmann::json> m_progressTokens;
    McpToolCatalog m_catalog; // the server's tools as listed, those held, its cursors
    struct Parked {
        nlohmann::json agentId;
        std::string method;
        nlohmann::json params;
    };
    std::vector<Parked> m_parked; // calls waiting for the pin check
    bool m_pinChecking = false;
    bool m_pinChecked = false; // a whole listing was seen this session
    int m_pinPages = 0;

    std::string m_serverGone; // why, once the server has ended
    std::string m_protocol;   // the version initialize agreed, for the record
    bool m_closed = false;
};

} // namespace warden
