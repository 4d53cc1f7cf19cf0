#include "core/mcp/McpHttpFront.h"

#include "core/egress/HttpRequestHead.h"
#include "core/json/JsonLookup.h"
#include "core/mcp/McpMessage.h"
#include "core/mcp/McpSession.h"

#include <QLocalSocket>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace warden {

namespace {

using nlohmann::json;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 415: return "Unsupported Media Type";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

QByteArray dumped(const json &message)
{
    return QByteArray::fromStdString(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

// One chunk of the event stream (chunked transfer coding): one SSE event.
QByteArray eventChunk(const json &message)
{
    const QByteArray event = "event: message\ndata: " + dumped(message) + "\n\n";
    return QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n";
}

} // namespace

McpHttpFront::McpHttpFront(Opener opener, QObject *parent) : QObject(parent), m_opener(std::move(opener))
{
    m_clock.start();
}

McpHttpFront::~McpHttpFront()
{
    close();
}

void McpHttpFront::close()
{
    for (auto &[id, s] : m_sessions)
        if (s.session) {
            disconnect(s.session, nullptr, this, nullptr);
            s.session->close();
        }
    m_sessions.clear();
    for (auto &[id, c] : m_connections)
        if (c.socket) {
            disconnect(c.socket, nullptr, this, nullptr);
            c.socket->abort();
            c.socket->deleteLater();
        }
    m_connections.clear();
}

void McpHttpFront::take(QLocalSocket *socket)
{
    const quint64 id = m_nextConnection++;
    Connection &c = m_connections[id];
    c.socket = socket;
    socket->setParent(this);
    c.idle = new QTimer(socket);
    c.idle->setSingleShot(true);
    connect(c.idle, &QTimer::timeout, this, [this, id] {
        auto it = m_connections.find(id);
        if (it != m_connections.end() && it->second.waitingId.empty() && !it->second.streaming)
            drop(id);
    });
    c.idle->start(m_limits.idleConnectionMs);
    connect(socket, &QLocalSocket::readyRead, this, [this, id] { onReadable(id); });
    connect(socket, &QLocalSocket::disconnected, this, [this, id] { drop(id); });
    // The hello line may have brought the first request with it.
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(
            this, [this, id] { onReadable(id); }, Qt::QueuedConnection);
}

void McpHttpFront::onReadable(quint64 id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end() || !it->second.socket)
        return;
    Connection &c = it->second;
    // One request at a time: a pipelined one waits in the buffer, bounded
    // by what a request may be.
    const qint64 room = 16 * 1024 + HttpRequestHead::kMaxBody + 1 - c.buffer.size();
    if (room > 0)
        c.buffer += c.socket->read(room);
    if (!c.waitingId.empty() || c.streaming)
        return;
    auto request = McpHttpRequest::parse(c.buffer);
    if (!request) {
        Q_EMIT agentProblem(tr("a refused MCP HTTP request: %1").arg(QString::fromStdString(request.error().message)));
        c.keepAlive = false;
        respondError(id, request.error().status, request.error().message);
        return;
    }
    if (!*request)
        return;
    c.buffer.remove(0, (*request)->length);
    c.keepAlive = (*request)->keepAlive;
    c.idle->stop();
    handle(id, **request);
}

void McpHttpFront::handle(quint64 id, const McpHttpRequest &request)
{
    if (request.method == McpHttpRequest::Method::Post) {
        post(id, request);
        return;
    }
    auto s = m_sessions.find(request.sessionId);
    if (s == m_sessions.end() || s->second.server != request.server) {
        respondError(id, 404, "no such MCP session (it may have ended): initialize again");
        return;
    }
    touch(s->second);
    if (request.method == McpHttpRequest::Method::Get) {
        openStream(id, s->second, request.sessionId);
        return;
    }
    // DELETE: the client is done with the session.
    if (s->second.session)
        s->second.session->close();
    respond(id, 200, {}, {});
}

void McpHttpFront::post(quint64 id, const McpHttpRequest &request)
{
    const McpMessage m =
        McpMessage::parse(std::string_view(request.body.constData(), static_cast<std::size_t>(request.body.size())),
                          static_cast<std::size_t>(HttpRequestHead::kMaxBody));
    if (m.kind == McpMessage::Kind::Invalid) {
        Q_EMIT agentProblem(tr("malformed MCP message: %1").arg(QString::fromStdString(m.why)));
        respond(id, 400, "application/json", dumped(McpMessage::errorReply(m.id, -32600, "invalid message: " + m.why)));
        return;
    }
    std::string sessionId = request.sessionId;
    bool initializing = false;
    if (sessionId.empty()) {
        if (m.kind != McpMessage::Kind::Request || m.method != "initialize") {
            respond(id, 400, "application/json",
                    dumped(McpMessage::errorReply(m.id, -32600, "no Mcp-Session-Id: initialize first")));
            return;
        }
        // Room first: abandoned sessions' servers are ended before a new one
        // starts (a run that kept them all ran out of processes at the fifth);
        // not for a server that may not be opened anyway.
        const bool known = !m_known || m_known(request.server);
        if (known && !makeRoom(m_limits.maxIdleSessions - 1, m_limits.maxSessions)) {
            const QString why = tr("more than %1 MCP HTTP sessions busy at once (the run's limit): a new session was "
                                   "refused; end one (DELETE) or wait for its answers")
                                    .arg(m_limits.maxSessions);
            Q_EMIT agentProblem(why);
            respond(id, 503, "application/json", dumped(McpMessage::errorReply(m.id, -32603, why.toStdString())));
            return;
        }
        QString refusal;
        bool full = false;
        McpSession *session = m_opener(request.server, refusal, full);
        // The run's other sessions (stdio clients) may hold the rest: an idle
        // one here gives way, once each, before the refusal stands.
        while (!session && full && endOldestIdle(true))
            session = m_opener(request.server, refusal, full);
        if (!session) {
            respond(id, 404, "application/json", dumped(McpMessage::errorReply(m.id, -32603, refusal.toStdString())));
            return;
        }
        sessionId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
        Session &s = m_sessions[sessionId];
        s.session = session;
        s.server = request.server;
        s.idle = new QTimer(session);
        s.idle->setSingleShot(true);
        connect(s.idle, &QTimer::timeout, this, [this, sessionId] {
            auto it = m_sessions.find(sessionId);
            if (it == m_sessions.end())
                return;
            if (it->second.waiting.empty() && it->second.stream == 0) {
                Q_EMIT agentProblem(
                    tr("an MCP HTTP session unused for %1 minutes was ended").arg(m_limits.idleSessionMs / 60'000));
                if (it->second.session)
                    it->second.session->close();
            } else
                it->second.idle->start(m_limits.idleSessionMs);
        });
        connect(session, &McpSession::sentToAgent, this,
                [this, sessionId](const json &message) { onSessionMessage(sessionId, message); });
        connect(session, &McpSession::closed, this, [this, sessionId] { onSessionClosed(sessionId); });
        initializing = true;
    }
    auto s = m_sessions.find(sessionId);
    if (s == m_sessions.end() || s->second.server != request.server || !s->second.session) {
        respondError(id, 404, "no such MCP session (it may have ended): initialize again");
        return;
    }
    touch(s->second);
    if (m.kind == McpMessage::Kind::Request) {
        const std::string key = m.id.dump();
        if (s->second.waiting.contains(key)) {
            respond(id, 400, "application/json",
                    dumped(McpMessage::errorReply(nullptr, -32600, "a request with this id is still open")));
            return;
        }
        const json *meta = m.params.is_object() ? JsonLookup::find(m.params, "_meta") : nullptr;
        const json *token = meta && meta->is_object() ? JsonLookup::find(*meta, "progressToken") : nullptr;
        if (token && s->second.progress.contains(token->dump())) {
            // Unique among open requests, as the specification has it: one
            // request's progress must not go out on another's stream.
            respond(id, 400, "application/json",
                    dumped(McpMessage::errorReply(m.id, -32600, "this progress token is already in use")));
            return;
        }
        s->second.waiting[key] = id;
        Connection &c = m_connections[id];
        c.session = sessionId;
        c.waitingId = key;
        c.initializing = initializing;
        // Progress asked for (the client's token, which the session relays
        // under its own name): the answer becomes an event stream at once, so
        // progress reaches the client before the answer, on this request.
        if (!initializing && request.acceptsEventStream && token &&
            (token->is_number_integer() ||
             (token->is_string() && token->get_ref<const std::string &>().size() <= 256))) {
            c.answerStream = true;
            c.progressKey = token->dump();
            s->second.progress[c.progressKey] = id;
            startEventStream(id, ": answer follows\n\n"); // the stream's end is the connection's
        }
    }
    // A client that cancels a request stops waiting for it: no answer will
    // come (the session sends none), so its POST ends here and the session
    // owes nothing for it.
    if (m.kind == McpMessage::Kind::Notification && m.method == "notifications/cancelled") {
        const json *cancelled = m.params.is_object() ? JsonLookup::find(m.params, "requestId") : nullptr;
        if (cancelled)
            endCancelled(s->second, cancelled->dump());
    }
    // What the session sends back may come at once (an error) or much later
    // (a call waiting for a reviewer).
    QPointer<McpSession> session = s->second.session;
    if (initializing)
        session->start();
    session->receive(request.body);
    if (m.kind != McpMessage::Kind::Request)
        respond(id, 202, {}, {});
}

void McpHttpFront::openStream(quint64 id, Session &session, const std::string &sessionId)
{
    if (session.stream != 0 && m_connections.contains(session.stream)) {
        respondError(id, 409, "this session's event stream is already open");
        return;
    }
    Connection &c = m_connections[id];
    c.streaming = true;
    c.session = sessionId;
    session.stream = id;
    // (Node's fetch cannot abort a stream that never sent a byte, and its
    // process then never exits: the comment gives it one.)
    startEventStream(id, ": open\n\n");
}

void McpHttpFront::startEventStream(quint64 id, const QByteArray &comment)
{
    // "Connection: close": a stream's connection ends with it. Without it a
    // client pools the connection once the stream's last chunk came, and its
    // next request met the close (Node's fetch: "fetch failed", one session
    // in fifty).
    if (auto c = m_connections.find(id); c != m_connections.end())
        c->second.keepAlive = false;
    write(id, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
              "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n" +
                  QByteArray::number(comment.size(), 16) + "\r\n" + comment + "\r\n");
}

void McpHttpFront::onSessionMessage(const std::string &sessionId, const json &message)
{
    auto s = m_sessions.find(sessionId);
    if (s == m_sessions.end())
        return;
    const bool response = message.contains("id") && (message.contains("result") || message.contains("error"));
    if (response) {
        auto waiting = s->second.waiting.find(message["id"].dump());
        if (waiting != s->second.waiting.end()) {
            const quint64 connection = waiting->second;
            s->second.waiting.erase(waiting);
            auto c = m_connections.find(connection);
            if (c == m_connections.end())
                return; // the client hung up; the answer has no one to go to
            const bool initializing = c->second.initializing;
            c->second.waitingId.clear();
            c->second.initializing = false;
            if (c->second.answerStream) {
                // The answer is the stream's last event.
                s->second.progress.erase(c->second.progressKey);
                c->second.answerStream = false;
                if (write(connection, eventChunk(message) + "0\r\n\r\n"))
                    settle(connection);
                return;
            }
            respond(connection, 200, "application/json", dumped(message),
                    initializing ? "Mcp-Session-Id: " + QByteArray::fromStdString(sessionId) + "\r\n" : QByteArray());
            if (initializing && message.contains("error") && s->second.session)
                s->second.session->close();
        }
        // An answer whose client hung up goes nowhere: the event stream
        // carries no responses.
        return;
    }
    // Progress for a request answered as a stream goes on that stream; other
    // notifications (list changes, logs, cancellations) on the session's
    // event stream, if the client holds one open.
    if (JsonLookup::stringOr(message, "method") == "notifications/progress") {
        const json *params = JsonLookup::find(message, "params");
        const json *token = params ? JsonLookup::find(*params, "progressToken") : nullptr;
        if (const auto own = token ? s->second.progress.find(token->dump()) : s->second.progress.end();
            own != s->second.progress.end()) {
            write(own->second, eventChunk(message));
            return;
        }
    }
    if (s->second.stream != 0)
        write(s->second.stream, eventChunk(message));
}

void McpHttpFront::onSessionClosed(const std::string &sessionId)
{
    auto s = m_sessions.find(sessionId);
    if (s == m_sessions.end())
        return;
    Session session = std::move(s->second);
    m_sessions.erase(s);
    for (const auto &[key, connection] : session.waiting) {
        auto c = m_connections.find(connection);
        if (c == m_connections.end())
            continue;
        c->second.waitingId.clear();
        if (c->second.answerStream) {
            // The status went long ago: the end is said on the stream.
            c->second.answerStream = false;
            if (write(connection, eventChunk(McpMessage::errorReply(json::parse(key, nullptr, false), -32603,
                                                                    "the MCP session ended")) +
                                      "0\r\n\r\n"))
                settle(connection);
            continue;
        }
        respondError(connection, 404, "the MCP session ended");
    }
    if (session.stream != 0 && m_connections.contains(session.stream)) {
        write(session.stream, "0\r\n\r\n");
        m_connections[session.stream].streaming = false;
        m_connections[session.stream].keepAlive = false;
        settle(session.stream);
    }
    if (session.idle)
        session.idle->stop();
}

void McpHttpFront::respond(quint64 id, int status, const QByteArray &type, const QByteArray &body,
                           const QByteArray &extraHeaders)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status) + "\r\n";
    if (!type.isEmpty())
        head += "Content-Type: " + type + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders;
    if (!it->second.keepAlive)
        head += "Connection: close\r\n";
    if (write(id, head + "\r\n" + body))
        settle(id);
}

void McpHttpFront::respondError(quint64 id, int status, const std::string &message)
{
    respond(id, status, "application/json", dumped(McpMessage::errorReply(nullptr, -32600, message)));
}

bool McpHttpFront::write(quint64 id, const QByteArray &bytes)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end() || !it->second.socket)
        return false;
    QLocalSocket *socket = it->second.socket;
    // A client that does not read what it is sent cannot make the warden hold it.
    if (socket->bytesToWrite() + bytes.size() > m_limits.maxUnreadBytes) {
        Q_EMIT agentProblem(
            tr("an MCP HTTP client left over %1 bytes unread; its connection was closed").arg(m_limits.maxUnreadBytes));
        drop(id);
        return false;
    }
    socket->write(bytes);
    return true;
}

void McpHttpFront::settle(quint64 id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end() || !it->second.waitingId.empty() || it->second.streaming)
        return;
    Connection &c = it->second;
    if (!c.keepAlive) {
        if (c.socket) {
            disconnect(c.socket, nullptr, this, nullptr);
            c.socket->disconnectFromServer();
            connect(c.socket, &QLocalSocket::disconnected, c.socket, &QObject::deleteLater);
            if (c.socket->state() == QLocalSocket::UnconnectedState)
                c.socket->deleteLater();
        }
        m_connections.erase(it);
        return;
    }
    c.idle->start(m_limits.idleConnectionMs);
    if (!c.buffer.isEmpty() || (c.socket && c.socket->bytesAvailable() > 0))
        QMetaObject::invokeMethod(
            this, [this, id] { onReadable(id); }, Qt::QueuedConnection);
}

void McpHttpFront::endCancelled(Session &session, const std::string &key)
{
    const auto waiting = session.waiting.find(key);
    if (waiting == session.waiting.end())
        return;
    const quint64 connection = waiting->second;
    session.waiting.erase(waiting);
    auto c = m_connections.find(connection);
    if (c == m_connections.end())
        return;
    c->second.waitingId.clear();
    if (!c->second.progressKey.empty())
        session.progress.erase(c->second.progressKey);
    if (c->second.answerStream) {
        c->second.answerStream = false;
        if (write(connection, "0\r\n\r\n"))
            settle(connection); // the stream ends without an answer; its connection closes with it
        return;
    }
    // A JSON answer it no longer waits for: the connection is closed.
    drop(connection);
}

void McpHttpFront::touch(Session &session)
{
    session.lastUsed = ++m_uses;
    session.lastUsedMs = m_clock.elapsed();
    if (session.idle)
        session.idle->start(m_limits.idleSessionMs);
}

bool McpHttpFront::makeRoom(int keepIdle, int below)
{
    for (;;) {
        const auto idle = std::count_if(m_sessions.begin(), m_sessions.end(),
                                        [this](const auto &entry) { return longIdle(entry.second); });
        const bool tooMany = static_cast<int>(m_sessions.size()) >= below;
        if (idle <= std::max(keepIdle, 0) && !tooMany)
            return true;
        // Past the idle allowance only sessions left alone a while (no stream,
        // nothing asked for seconds) go; at the cap of open sessions, any
        // that owes nothing, one with a stream last.
        if (!endOldestIdle(tooMany))
            return !tooMany;
    }
}

bool McpHttpFront::longIdle(const Session &s) const
{
    return s.owesNothing() && s.stream == 0 && m_clock.elapsed() - s.lastUsedMs >= m_limits.idleGraceMs;
}

bool McpHttpFront::endOldestIdle(bool atCap)
{
    auto oldest = m_sessions.end();
    const auto rank = [](const Session &s) { return std::make_pair(s.stream != 0, s.lastUsed); };
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (!(atCap ? it->second.owesNothing() : longIdle(it->second)))
            continue;
        if (oldest == m_sessions.end() || rank(it->second) < rank(oldest->second))
            oldest = it;
    }
    if (oldest == m_sessions.end())
        return false;
    endSession(oldest->first);
    return true;
}

// By value: the caller's string may be the map's key, which goes with its entry.
void McpHttpFront::endSession(std::string sessionId) // NOLINT(performance-unnecessary-value-param)
{
    auto s = m_sessions.find(sessionId);
    if (s == m_sessions.end())
        return;
    QPointer<McpSession> session = s->second.session;
    if (session)
        session->close(); // its server stops; closed() comes back through onSessionClosed
    onSessionClosed(sessionId);
}

void McpHttpFront::drop(quint64 id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection c = std::move(it->second);
    m_connections.erase(it);
    if (!c.session.empty()) {
        auto s = m_sessions.find(c.session);
        if (s != m_sessions.end()) {
            if (s->second.stream == id)
                s->second.stream = 0;
            if (!c.waitingId.empty())
                s->second.waiting.erase(c.waitingId);
            if (!c.progressKey.empty())
                s->second.progress.erase(c.progressKey);
        }
    }
    if (c.socket) {
        disconnect(c.socket, nullptr, this, nullptr);
        c.socket->abort();
        c.socket->deleteLater();
    }
}

} // namespace warden
