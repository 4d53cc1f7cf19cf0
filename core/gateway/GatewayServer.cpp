#include "core/gateway/GatewayServer.h"

#include "core/common/RunSocket.h"

#include <QDateTime>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

namespace warden {

GatewayServer::GatewayServer(QObject *parent) : GatewayServer(Limits{}, parent) {}

GatewayServer::GatewayServer(Limits limits, QObject *parent)
    : QObject(parent),
      m_limits(limits),
      m_refusals(new RefusalTally([this](const QString &what) { Q_EMIT protocolViolation(what); }, this)),
      m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &GatewayServer::onNewConnection);
}

GatewayServer::~GatewayServer()
{
    close();
}

Result<void> GatewayServer::listen(const QString &path)
{
    return RunSocket::listen(*m_server, path, "gateway");
}

void GatewayServer::close()
{
    // abort() emits disconnected at once, whose handler erases from the
    // map: walk a map of our own (iterating the member crashed the warden
    // when a run ended with its agent still connected).
    std::map<quint64, Connection> connections;
    connections.swap(m_connections);
    for (auto &[id, c] : connections)
        if (c.socket)
            c.socket->abort();
    if (m_server->isListening())
        m_server->close();
}

void GatewayServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!m_refusals->admitPeer(socket, m_peerUid, tr("the peer is not this run's sandbox user (uid %1)")))
            continue;
        if (static_cast<int>(m_connections.size()) >= m_limits.maxConnections) {
            socket->write(R"({"id":null,"decision":"deny","error":"too many connections to the gateway"})"
                          "\n");
            socket->disconnectFromServer();
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            m_refusals->refused(tr("more than %1 open").arg(m_limits.maxConnections));
            continue;
        }
        const quint64 id = m_nextId++;
        m_connections[id].socket = socket;
        connect(socket, &QLocalSocket::readyRead, this, [this, id] { onReadable(id); });
        connect(socket, &QLocalSocket::disconnected, this, [this, id, socket] {
            m_connections.erase(id);
            socket->deleteLater();
        });
    }
}

void GatewayServer::onReadable(quint64 id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end() || !it->second.socket)
        return;
    Connection &c = it->second;
    if (c.closing) {
        c.socket->readAll(); // being dropped: read nothing more into memory
        return;
    }
    c.buffer += c.socket->readAll();
    while (true) {
        const qsizetype newline = c.buffer.indexOf('\n');
        if (newline < 0) {
            if (c.buffer.size() > m_limits.maxLineBytes) {
                // Drop the oversized line as it streams in; answer once.
                if (!c.discarding) {
                    sendError(c, {}, "request line is longer than " + std::to_string(m_limits.maxLineBytes) + " bytes");
                    Q_EMIT protocolViolation(tr("oversized request line (over %1 bytes)").arg(m_limits.maxLineBytes));
                }
                c.discarding = true;
                c.buffer.clear();
            }
            return;
        }
        QByteArray line = c.buffer.left(newline);
        c.buffer.remove(0, newline + 1);
        if (c.discarding) {
            c.discarding = false;
            continue;
        }
        if (line.size() > m_limits.maxLineBytes) {
            sendError(c, {}, "request line is longer than " + std::to_string(m_limits.maxLineBytes) + " bytes");
            Q_EMIT protocolViolation(tr("oversized request line (over %1 bytes)").arg(m_limits.maxLineBytes));
            continue;
        }
        try {
            handleLine(id, c, line);
        } catch (const std::exception &e) {
            // Exception firewall: a bug refuses this one request, recorded;
            // the warden and every other run carry on.
            if (m_connections.find(id) != m_connections.end())
                sendError(c, {}, "internal error: the request was refused");
            Q_EMIT protocolViolation(tr("internal error on a request: %1").arg(QString::fromLocal8Bit(e.what())));
        }
        if (m_connections.find(id) == m_connections.end() || c.closing)
            return;
    }
}

void GatewayServer::handleLine(quint64 id, Connection &c, const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    const std::string_view text(line.constData(), static_cast<std::size_t>(line.size()));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - c.windowStartMs >= 1000) {
        c.windowStartMs = now;
        c.inWindow = 0;
    }
    // Over the rate or the open limit, a line is not parsed at all (not
    // even for its id): a flood must not buy the agent the warden's CPU.
    if (++c.inWindow > m_limits.maxRequestsPerSecond) {
        sendError(c, {},
                  "rate limit: more than " + std::to_string(m_limits.maxRequestsPerSecond) + " requests a second");
        if (c.inWindow == m_limits.maxRequestsPerSecond + 1)
            Q_EMIT protocolViolation(tr("request flood (over %1 a second)").arg(m_limits.maxRequestsPerSecond));
        return;
    }
    if (c.open >= m_limits.maxOpenPerConnection) {
        sendError(c, {}, "too many open requests (" + std::to_string(m_limits.maxOpenPerConnection) + ")");
        Q_EMIT protocolViolation(tr("too many open requests on one connection"));
        return;
    }
    auto request = GatewayRequest::parse(text);
    if (!request) {
        sendError(c, GatewayRequest::idOf(text), request.error().message);
        Q_EMIT protocolViolation(tr("malformed request: %1").arg(QString::fromStdString(request.error().message)));
        return;
    }
    ++c.open;
    Q_EMIT requestReceived(id, *request);
}

void GatewayServer::reply(quint64 connection, const nlohmann::json &response)
{
    auto it = m_connections.find(connection);
    if (it == m_connections.end() || !it->second.socket)
        return;
    Connection &c = it->second;
    if (c.open > 0)
        --c.open;
    const std::string text = response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    write(c, text);
}

void GatewayServer::write(Connection &c, const std::string &text)
{
    if (!c.socket || c.closing)
        return;
    // An agent that never reads its replies cannot make the warden buffer
    // them without end: past the cap the connection is dropped, recorded.
    // The abort waits for the event loop: it erases this connection, which
    // the caller may still be using.
    if (c.socket->bytesToWrite() + static_cast<qint64>(text.size()) > m_limits.maxUnreadReplyBytes) {
        c.closing = true;
        Q_EMIT protocolViolation(
            tr("the agent left over %1 bytes of replies unread; connection closed").arg(m_limits.maxUnreadReplyBytes));
        QTimer::singleShot(0, c.socket, [socket = c.socket] {
            if (socket)
                socket->abort();
        });
        return;
    }
    c.socket->write(text.data(), static_cast<qint64>(text.size()));
}

void GatewayServer::sendError(Connection &c, const std::string &requestId, const std::string &message)
{
    nlohmann::json r = {{"id", requestId.empty() ? nlohmann::json(nullptr) : nlohmann::json(requestId)},
                        {"decision", "deny"},
                        {"error", message}};
    write(c, r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

} // namespace warden
