#pragma once

#include "core/mcp/McpServerLink.h"
#include "core/policy/Declaration.h"

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace warden {

// A declared MCP server at a URL, reached over MCP's Streamable HTTP
// transport: each message is a POST (libcurl, on a thread of its own, so a
// long call holds up nothing), answered with JSON or an event stream that is
// read as it arrives (progress passes through at once). The session id and
// protocol version the server gives are sent back on every later request;
// stop() ends the session (DELETE).
//
// Reached only through the egress policy: before the first message leaves,
// `admit` asks the run to judge the destination (an egress action on the
// timeline); every address it resolves to is checked as the egress proxy
// checks it (internal ones only for a destination declared internal); no
// redirect is followed and no proxy is used. What the server sends is
// bounded (a message, a whole answer) and read by the strict JSON-RPC reader.
class McpRemoteServer : public McpServerLink {
    Q_OBJECT
public:
    struct Limits {
        qsizetype maxMessageBytes = 4 * 1024 * 1024;
        qint64 maxAnswerBytes = 16 * 1024 * 1024; // one POST's answer, events and all
        int connectTimeoutSeconds = 15;
        int maxFailures = 16; // exchanges that failed; then the server is given up on
    };
    // Calls `answer(allowed, reason)` once, maybe later.
    using Admission = std::function<void(std::function<void(bool, std::string)> answer)>;
    enum class Addresses { PublicOnly, InternalToo };

    McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, QObject *parent = nullptr);
    McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, Limits limits, QObject *parent = nullptr);
    ~McpRemoteServer() override;

    void start() override;
    void send(const nlohmann::json &message) override;
    void stop() override;

    // What the worker threads share with this object; public for them only.
    struct Shared;

private:
    void post(const nlohmann::json &message);
    void onSessionId(const std::string &id);
    void onMessage(const QByteArray &text);
    void onExchangeDone(const nlohmann::json &requestId, long status, const std::string &failure, bool refused);
    void end(const QString &why);
    QString serverName() const;

    McpServerRule m_rule;
    Admission m_admit;
    Limits m_limits;
    std::shared_ptr<Shared> m_shared;
    std::string m_sessionId;
    std::string m_protocolVersion;
    std::vector<nlohmann::json> m_queued; // sent before the destination was admitted
    std::set<std::string> m_open;         // request ids (as JSON) not answered yet
    std::string m_initializeId;
    int m_failures = 0;
    bool m_admitted = false;
    bool m_started = false;
    bool m_ended = false;
};

} // namespace warden
