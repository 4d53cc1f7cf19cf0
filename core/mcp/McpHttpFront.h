#pragma once

#include "core/mcp/McpHttpRequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

class QLocalSocket;
class QTimer;

namespace warden {

class McpSession;

// MCP's Streamable HTTP transport for the agent's HTTP clients: the loopback
// endpoint in the sandbox (warden-init relays each TCP connection here) is
// served by this. A POST of `initialize` opens an McpSession with the server
// the path names and a session id; later POSTs carry it and get their answer
// as application/json, a GET holds the session's event stream (progress,
// list changes), a DELETE ends it. The session judges every call exactly as
// it does a stdio client's. Bounded: connections, unread bytes, and a session
// no one has used for a while is ended. Clients open sessions and leave them
// (the conformance suite, any client that reconnects): each holds a server
// sandbox, so only a few left idle for a while are kept, the least recently
// used ended first (and at the cap any that owes nothing); a client that finds its session gone initializes again, as
// the specification has it. Only when every session is busy is a new one refused, with the limit named.
class McpHttpFront : public QObject {
    Q_OBJECT
public:
    struct Limits {
        int maxConnections = 32;         // two a session (its stream and a request) and room to spare
        int idleConnectionMs = 60'000;   // no request under way
        int idleSessionMs = 30 * 60'000; // no request, no stream
        int maxSessions = 8;             // open at once, busy or idle
        int maxIdleSessions = 3;         // idle ones kept (their servers stay up)
        int idleGraceMs = 5'000;         // unused this long (and no stream) before it counts as idle
        qint64 maxUnreadBytes = 8 * 1024 * 1024;
    };
    // A session with a declared server, not started; nullptr with `refusal` set if there can be none.
    // `full` says the refusal is for want of room (then an idle session may give way).
    using Opener = std::function<McpSession *(const std::string &server, QString &refusal, bool &full)>;
    // Whether a server may be opened at all (declared): an initialize for one
    // that may not ends no other session to make room.
    using Known = std::function<bool(const std::string &server)>;

    explicit McpHttpFront(Opener opener, QObject *parent = nullptr);
    ~McpHttpFront() override;

    void setLimits(Limits limits) { m_limits = limits; }
    void setKnown(Known known) { m_known = std::move(known); }
    bool hasRoom() const { return static_cast<int>(m_connections.size()) < m_limits.maxConnections; }
    // A connection whose relay said it carries HTTP; owned here from now on.
    void take(QLocalSocket *socket);
    void close();

Q_SIGNALS:
    void agentProblem(const QString &what);

private:
    struct Connection {
        QPointer<QLocalSocket> socket;
        QTimer *idle = nullptr;
        QByteArray buffer;
        std::string session;   // whose answer it waits for, or whose stream it is
        std::string waitingId; // the request id it waits on ("" when none)
        bool initializing = false;
        bool streaming = false;
        // A request whose progress the client asked for is answered as an
        // event stream: its progress, then its answer, on its own POST.
        bool answerStream = false;
        std::string progressKey; // the client's progress token (as JSON), when it gave one
        bool keepAlive = true;
    };
    struct Session {
        QPointer<McpSession> session;
        std::string server;
        QTimer *idle = nullptr;
        std::map<std::string, quint64> waiting;  // request id (as JSON) -> connection
        std::map<std::string, quint64> progress; // progress token (as JSON) -> connection
        quint64 stream = 0;
        quint64 lastUsed = 0;  // m_uses when it was last used
        qint64 lastUsedMs = 0; // m_clock then
        // No answer owed: a held event stream alone does not keep a session
        // (a client that left one open and went away would hold it forever).
        bool owesNothing() const { return waiting.empty(); }
    };

    void onReadable(quint64 id);
    void handle(quint64 id, const McpHttpRequest &request);
    void post(quint64 id, const McpHttpRequest &request);
    void openStream(quint64 id, Session &session, const std::string &sessionId);
    // The head of an event-stream answer and its first chunk, a comment; the
    // connection closes when the stream ends.
    void startEventStream(quint64 id, const QByteArray &comment);
    void onSessionMessage(const std::string &sessionId, const nlohmann::json &message);
    void onSessionClosed(const std::string &sessionId);
    void respond(quint64 id, int status, const QByteArray &type, const QByteArray &body,
                 const QByteArray &extraHeaders = {});
    void respondError(quint64 id, int status, const std::string &message);
    bool write(quint64 id, const QByteArray &bytes);
    // The connection has had its answer: read its next request, or end it.
    void settle(quint64 id);
    void touch(Session &session);
    // Ends idle sessions, least recently used first, until at most `keepIdle`
    // idle and fewer than `below` in all remain; false if that cannot be.
    bool makeRoom(int keepIdle, int below);
    // Ends the least recently used session that may go: at the cap, any that
    // owes nothing (one with an event stream last); else only one left
    // alone a while (longIdle). False when none may go.
    bool endOldestIdle(bool atCap);
    // No answer owed, no stream, nothing asked for idleGraceMs: a client
    // between two requests is not idle.
    bool longIdle(const Session &s) const;
    void endSession(std::string sessionId);
    // The client cancelled request `key` (its id, as JSON): its POST ends unanswered.
    void endCancelled(Session &session, const std::string &key);
    void drop(quint64 id);

    Opener m_opener;
    Known m_known;
    Limits m_limits;
    std::map<quint64, Connection> m_connections;
    std::map<std::string, Session> m_sessions;
    quint64 m_nextConnection = 1;
    quint64 m_uses = 0;
    QElapsedTimer m_clock;
};

} // namespace warden
