#include "core/mcp/McpBridge.h"

#include "core/common/RefusalTally.h"
#include "core/common/RunSocket.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/mcp/McpHttpFront.h"
#include "core/mcp/McpRemoteServer.h"
#include "core/mcp/McpServerProcess.h"
#include "core/mcp/McpServerToken.h"
#include "core/secrets/Keychain.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

namespace warden {

McpBridge::McpBridge(std::shared_ptr<const Declaration> declaration, QObject *parent)
    : QObject(parent),
      m_declaration(std::move(declaration)),
      m_server(new QLocalServer(this)),
      m_refusals(new RefusalTally([this](const QString &what) { Q_EMIT agentProblem(what); }, this)),
      m_http(new McpHttpFront(
          [this](const std::string &server, QString &refusal, bool &full) {
              McpSession *session = openSession(server, nullptr, refusal);
              full = !session && m_declaration->mcpServers.contains(server) &&
                     static_cast<int>(m_sessions.size()) >= m_limits.maxSessions;
              return session;
          },
          this))
{
    m_http->setKnown([this](const std::string &server) { return m_declaration->mcpServers.contains(server); });
    connect(m_http, &McpHttpFront::agentProblem, this, &McpBridge::agentProblem);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &McpBridge::onNewConnection);
}

McpBridge::~McpBridge()
{
    close();
}

void McpBridge::setServerRoot(std::string root, int uid, int gid)
{
    m_serverRoot = std::move(root);
    m_uid = uid;
    m_gid = gid;
}

Result<void> McpBridge::listen(const QString &path)
{
    return RunSocket::listen(*m_server, path, "MCP");
}

void McpBridge::close()
{
    // Closing a session erases it (its closed signal): walk a copy.
    m_http->close();
    const auto sessions = m_sessions;
    for (const auto &[id, session] : sessions)
        session->close();
    if (m_server->isListening())
        m_server->close();
}

void McpBridge::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!m_refusals->admitPeer(socket, m_peerUid,
                                   tr("an MCP connection from outside the run's sandbox user (uid %1)")))
            continue;
        // Sessions are counted when one opens (an HTTP connection may serve
        // one that is open already); here only those yet to say what they are.
        if (m_greeting >= m_limits.maxSessions) {
            socket->abort();
            socket->deleteLater();
            m_refusals->refused(
                tr("more than %1 MCP connections that have not said what they are for").arg(m_limits.maxSessions));
            continue;
        }
        ++m_greeting;
        socket->setParent(this);
        // The relay names its server at once; a connection that does not is dropped.
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [this, socket] {
            --m_greeting;
            m_refusals->refused(tr("an MCP connection that never named its server"));
            socket->abort();
            socket->deleteLater();
        });
        timer->start(10'000);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket, timer] {
            if (!socket->canReadLine() && socket->bytesAvailable() <= m_limits.maxHelloBytes)
                return;
            timer->stop();
            disconnect(socket, &QLocalSocket::readyRead, this, nullptr);
            --m_greeting;
            onHello(socket);
        });
        connect(socket, &QLocalSocket::disconnected, timer, [timer] {
            if (timer->isActive())
                timer->setInterval(0); // the timeout tidies up
        });
    }
}

void McpBridge::onHello(QLocalSocket *socket)
{
    const QByteArray line = socket->readLine(m_limits.maxHelloBytes + 1).trimmed();
    auto hello = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                 {.maxBytes = static_cast<std::size_t>(m_limits.maxHelloBytes), .maxDepth = 2});
    // A stdio relay names its server; the HTTP relay names its transport,
    // and each request then names the server in its path.
    if (hello && JsonLookup::onlyKnownFields(*hello, {"transport"}) &&
        JsonLookup::stringOr(*hello, "transport") == "http") {
        if (!m_http->hasRoom()) {
            m_refusals->refused(tr("more than %1 MCP HTTP connections open").arg(m_limits.http.maxConnections));
            socket->abort();
            socket->deleteLater();
            return;
        }
        m_http->take(socket);
        return;
    }
    const std::string name = hello && JsonLookup::onlyKnownFields(*hello, {"server"})
                                 ? JsonLookup::stringOr(*hello, "server")
                                 : std::string();
    QString refusal;
    if (name.empty())
        refusal = tr("an MCP connection whose first line does not name a server");
    else if (McpSession *session = openSession(name, socket, refusal)) {
        session->start();
        return;
    }
    Q_EMIT agentProblem(refusal);
    // The client reads why on its first request: one JSON-RPC error, then the end.
    const std::string error = nlohmann::json{{"jsonrpc", "2.0"},
                                             {"id", nullptr},
                                             {"error", {{"code", -32603}, {"message", refusal.toStdString()}}}}
                                  .dump() +
                              "\n";
    socket->write(error.data(), static_cast<qint64>(error.size()));
    socket->disconnectFromServer();
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
}

McpSession *McpBridge::openSession(const std::string &name, QLocalSocket *agent, QString &refusal)
{
    const auto declared = m_declaration->mcpServers.find(name);
    if (declared == m_declaration->mcpServers.end())
        refusal = tr("MCP server \"%1\" is not declared").arg(QString::fromStdString(name.substr(0, 64)));
    else if (declared->second.url.empty() && m_serverRoot.empty())
        refusal = tr("no sandbox root for MCP servers is set");
    else if (static_cast<int>(m_sessions.size()) >= m_limits.maxSessions)
        refusal = tr("more than %1 MCP sessions open").arg(m_limits.maxSessions);
    if (!refusal.isEmpty())
        return nullptr;
    const std::uint32_t id = m_nextSession++;
    auto *session =
        new McpSession(id, agent, declared->second, m_declaration, linkTo(declared->second), m_limits.session, this);
    m_sessions[id] = session;
    connect(session, &McpSession::callReceived, this, &McpBridge::callReceived);
    connect(session, &McpSession::callAnswered, this, &McpBridge::callAnswered);
    connect(session, &McpSession::agentProblem, this, &McpBridge::agentProblem);
    connect(session, &McpSession::serverProblem, this,
            [this, server = QString::fromStdString(name)](const QString &what) { Q_EMIT serverProblem(server, what); });
    connect(
        session, &McpSession::toolHeld, this,
        [this, server = QString::fromStdString(name)](const nlohmann::json &held) { Q_EMIT toolHeld(server, held); });
    connect(session, &McpSession::closed, this, [this, id] {
        auto it = m_sessions.find(id);
        if (it == m_sessions.end())
            return;
        it->second->deleteLater();
        m_sessions.erase(it);
    });
    return session;
}

McpServerLink *McpBridge::linkTo(const McpServerRule &server)
{
    if (server.url.empty()) {
        const int user = m_newServerUser ? m_newServerUser() : m_uid;
        return new McpServerProcess(
            server, McpServerProcess::specFor(server, m_serverRoot, user, m_newServerUser ? user : m_gid));
    }
    // The destination is judged by the run's egress policy, once a session.
    auto admit = [egress = m_egress, server](std::function<void(bool, std::string)> answer) {
        if (!egress) {
            answer(false, "this run has no egress policy for MCP servers at a URL");
            return;
        }
        Action a;
        a.kind = ActionKind::Egress;
        a.source = "mcp";
        a.method = "POST";
        a.host = server.host;
        a.port = server.port;
        a.url = server.url;
        a.justification = "MCP server \"" + server.name + "\"";
        egress(std::move(a), std::move(answer));
    };
    auto *remote = new McpRemoteServer(server, std::move(admit),
                                       m_declaration->mayReachInternal(server.host, server.port)
                                           ? McpRemoteServer::Addresses::InternalToo
                                           : McpRemoteServer::Addresses::PublicOnly);
    if (server.tokenFromKeychain)
        remote->setTokenLookup(McpServerToken::fromKeychain(keychain(), server.origin));
    return remote;
}

Keychain *McpBridge::keychain()
{
    if (!m_keychain)
        m_keychain = new Keychain(this);
    return m_keychain;
}

McpSession *McpBridge::sessionOf(std::uint64_t call) const
{
    auto it = m_sessions.find(static_cast<std::uint32_t>(call >> 32));
    return it == m_sessions.end() ? nullptr : it->second;
}

void McpBridge::allow(std::uint64_t call)
{
    if (McpSession *s = sessionOf(call))
        s->allow(call);
    else // every judged call ends once, on record, even when its session went first
        Q_EMIT callAnswered(call, nullptr, true, QStringLiteral("the client's MCP session had closed"));
}

void McpBridge::refuse(std::uint64_t call, const std::string &reason)
{
    if (McpSession *s = sessionOf(call))
        s->refuse(call, reason);
}

} // namespace warden
