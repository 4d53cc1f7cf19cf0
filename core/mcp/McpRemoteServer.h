#pragma once

#include "core/mcp/McpServerLink.h"
#include "core/policy/Declaration.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace warden {

// A declared MCP server at a URL, reached over MCP's Streamable HTTP
// transport: each message is a POST (libcurl, on a thread of its own, so a
// long call holds up nothing), answered with JSON or an event stream that is
// read as it arrives (progress passes through at once). The session id and
// protocol version the server gives are sent back on every later request;
// stop() ends the session (DELETE). An event stream that ends before the
// answer it owes, after giving an event id, is resumed as the specification
// asks: a GET with Last-Event-ID once the server's retry hint has passed
// (a bounded number of times a request). Once the session is initialized a
// GET stream is opened for what the server sends unasked (its own requests,
// which Warden answers, and notifications), if the server offers one.
//
// A server that wants a token gets it from the warden's keychain (the
// lookup set with setTokenLookup, asked once the destination is admitted):
// sent as a bearer token to this URL only (no redirect is followed), never
// to the sandbox, never recorded.
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
        int maxFailures = 16;         // exchanges that failed; then the server is given up on
        int maxResumptions = 5;       // a request's stream resumed at most this often
        int maxListenRestarts = 16;   // the server's own stream opened again at most this often
        qint64 defaultRetryMs = 1000; // when the server gave no retry hint
        qint64 maxRetryMs = 30000;
    };
    // How an exchange ended, from its worker thread.
    struct ExchangeEnd {
        long status = 0;
        std::string failure;     // empty: none
        bool refused = false;    // by the address check
        std::string lastEventId; // an event stream's, to resume it from
        qint64 retryMs = -1;
        bool listening = false; // the server's own stream (GET)
    };
    // Calls `answer(allowed, reason)` once, maybe later.
    using Admission = std::function<void(std::function<void(bool, std::string)> answer)>;
    // Calls `answer` once with the server's token, or nullopt and why not.
    using TokenLookup =
        std::function<void(std::function<void(std::optional<std::string> token, std::string why)> answer)>;
    enum class Addresses { PublicOnly, InternalToo };

    McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, QObject *parent = nullptr);
    McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, Limits limits, QObject *parent = nullptr);
    ~McpRemoteServer() override;

    void setTokenLookup(TokenLookup lookup) { m_tokenLookup = std::move(lookup); }

    void start() override;
    void send(const nlohmann::json &message) override;
    void stop() override;

    // What the worker threads share with this object; public for them only.
    struct Shared;

private:
    void admitted();
    void post(const nlohmann::json &message);
    void resume(const nlohmann::json &requestId, const std::string &lastEventId);
    void listen(const std::string &lastEventId);
    void onSessionId(const std::string &id);
    void onMessage(const QByteArray &text);
    void onExchangeDone(const nlohmann::json &requestId, const ExchangeEnd &end);
    void end(const QString &why);
    QString serverName() const;

    McpServerRule m_rule;
    Admission m_admit;
    TokenLookup m_tokenLookup;
    std::string m_token; // held in memory only, for this server's exchanges
    Limits m_limits;
    std::shared_ptr<Shared> m_shared;
    std::string m_sessionId;
    std::string m_protocolVersion;
    std::vector<nlohmann::json> m_queued; // sent before the destination was admitted
    std::set<std::string> m_open;         // request ids (as JSON) not answered yet
    std::map<std::string, int> m_resumed; // request id -> times its stream was resumed
    std::string m_initializeId;
    int m_failures = 0;
    int m_listenRestarts = 0;
    bool m_listening = false;
    bool m_admitted = false;
    bool m_started = false;
    bool m_ended = false;
};

} // namespace warden
