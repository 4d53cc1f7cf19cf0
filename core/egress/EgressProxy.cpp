#include "egress/EgressProxy.h"

#include "egress/HttpRequestHead.h"
#include "policy/HostName.h"
#include "policy/Url.h"

#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTcpSocket>

#include <charconv>

namespace warden {

EgressProxy::EgressProxy(std::vector<Judge::Canary> canaries, Decider decider, QObject *parent)
    : QObject(parent), m_canaries(std::move(canaries)), m_decider(std::move(decider)), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &EgressProxy::onNewConnection);
}

EgressProxy::~EgressProxy()
{
    close();
}

Result<void> EgressProxy::listen(const QString &path)
{
    QFile::remove(path);
    if (!m_server->listen(path))
        return fail("cannot listen on the proxy socket: " + m_server->errorString().toStdString(), {}, 0,
                    path.toStdString());
    return {};
}

void EgressProxy::close()
{
    for (auto &[id, c] : m_clients) {
        if (c.upstream)
            c.upstream->abort();
        if (c.socket)
            c.socket->abort();
    }
    m_clients.clear();
    if (m_server->isListening())
        m_server->close();
}

void EgressProxy::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (m_clients.size() >= 64) {
            socket->abort();
            socket->deleteLater();
            Q_EMIT protocolViolation(tr("refused a proxy connection: more than 64 open"));
            continue;
        }
        const quint64 id = m_nextId++;
        m_clients[id].socket = socket;
        connect(socket, &QLocalSocket::readyRead, this, [this, id] { onReadable(id); });
        connect(socket, &QLocalSocket::disconnected, this, [this, id] { drop(id); });
    }
}

void EgressProxy::drop(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    if (it->second.upstream) {
        it->second.upstream->disconnect(this);
        it->second.upstream->abort();
        it->second.upstream->deleteLater();
    }
    if (it->second.socket) {
        it->second.socket->disconnect(this);
        it->second.socket->deleteLater();
    }
    m_clients.erase(it);
}

void EgressProxy::refuse(quint64 id, int status, const std::string &reason)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    const char *text = status == 403 ? "Forbidden" : status == 502 ? "Bad Gateway" : "Bad Request";
    std::string body = "Warden: " + reason + "\n";
    std::string response = "HTTP/1.1 " + std::to_string(status) + " " + text +
                           "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body;
    it->second.socket->write(response.data(), static_cast<qint64>(response.size()));
    it->second.socket->disconnectFromServer();
}

void EgressProxy::onReadable(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    Client &c = it->second;
    if (c.decided) {
        // Tunnel or request body after the decision: relay as is.
        const QByteArray data = c.socket->readAll();
        if (c.upstream && c.upstream->state() == QAbstractSocket::ConnectedState)
            c.upstream->write(data);
        else
            c.buffer += data;
        return;
    }
    c.buffer += c.socket->readAll();
    auto head = HttpRequestHead::parse(c.buffer);
    if (!head) {
        c.decided = true;
        Q_EMIT protocolViolation(tr("bad proxy request: %1").arg(QString::fromStdString(head.error().message)));
        refuse(id, 400, head.error().message);
        return;
    }
    if (!*head)
        return;
    const HttpRequestHead &h = **head;
    if (!h.isConnect() && c.buffer.size() < h.headLength + h.contentLength)
        return; // wait for the whole body: it is scanned before anything leaves

    Action a;
    a.kind = ActionKind::Egress;
    a.source = "proxy";
    a.method = h.method;
    std::string host;
    int port = 0;
    if (h.isConnect()) {
        auto colon = h.target.rfind(':');
        std::string_view portText = colon == std::string::npos ? std::string_view() : std::string_view(h.target).substr(colon + 1);
        auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (colon == std::string::npos || ec != std::errc() || ptr != portText.data() + portText.size() || port < 1 ||
            port > 65535) {
            c.decided = true;
            refuse(id, 400, "CONNECT needs host:port");
            return;
        }
        a.host = h.target.substr(0, colon);
        a.port = port;
    } else {
        a.url = h.target;
        auto url = Url::parse(h.target);
        if (url) {
            host = url->host;
            port = url->port;
        }
    }
    // Canary search over everything this request would send in clear.
    const QByteArray outbound = c.buffer.left(h.headLength + (h.isConnect() ? 0 : h.contentLength));
    for (const auto &canary : m_canaries)
        if (outbound.contains(QByteArray::fromStdString(canary.value)))
            a.canaries.push_back(canary.name);

    c.decided = true;
    QByteArray forward;
    if (!h.isConnect()) {
        // Origin-form request line, no proxy headers, one request per connection.
        auto url = Url::parse(h.target);
        std::string path = url && !url->rest.empty() ? url->rest : "/";
        if (path.front() != '/')
            path = "/" + path;
        forward = QByteArray::fromStdString(h.method + " " + path + " HTTP/1.1\r\n");
        for (const auto &[k, v] : h.headers) {
            std::string key = k;
            for (auto &ch : key)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (key.rfind("proxy-", 0) == 0 || key == "connection")
                continue;
            forward += QByteArray::fromStdString(k + ": " + v + "\r\n");
        }
        forward += "Connection: close\r\n\r\n";
        forward += c.buffer.mid(h.headLength, h.contentLength);
        c.buffer.remove(0, h.headLength + h.contentLength);
    } else {
        c.buffer.remove(0, h.headLength);
        host = a.host;
    }
    const bool tunnel = h.isConnect();
    m_decider(std::move(a), [this, id, host, port, forward, tunnel](bool allowed, std::string reason) {
        if (!m_clients.contains(id))
            return;
        if (!allowed) {
            refuse(id, 403, reason);
            return;
        }
        connectUpstream(id, host, port, forward, tunnel);
    });
}

void EgressProxy::connectUpstream(quint64 id, const std::string &host, int port, QByteArray firstBytes, bool tunnel)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    auto *up = new QTcpSocket(this);
    it->second.upstream = up;
    connect(up, &QTcpSocket::connected, this, [this, id, up, firstBytes, tunnel] {
        auto c = m_clients.find(id);
        if (c == m_clients.end() || !c->second.socket)
            return;
        if (tunnel)
            c->second.socket->write("HTTP/1.1 200 Connection established\r\n\r\n");
        else
            up->write(firstBytes);
        if (!c->second.buffer.isEmpty()) {
            up->write(c->second.buffer);
            c->second.buffer.clear();
        }
    });
    connect(up, &QTcpSocket::readyRead, this, [this, id, up] {
        auto c = m_clients.find(id);
        if (c != m_clients.end() && c->second.socket) {
            c->second.answered = true;
            c->second.socket->write(up->readAll());
        }
    });
    connect(up, &QTcpSocket::disconnected, this, [this, id] {
        auto c = m_clients.find(id);
        if (c != m_clients.end() && c->second.socket)
            c->second.socket->disconnectFromServer();
    });
    connect(up, &QTcpSocket::errorOccurred, this, [this, id, up](QAbstractSocket::SocketError) {
        auto c = m_clients.find(id);
        if (c != m_clients.end() && !c->second.answered && up->bytesAvailable() == 0)
            refuse(id, 502, "cannot reach the destination: " + up->errorString().toStdString());
    });
    up->connectToHost(QString::fromStdString(host), static_cast<quint16>(port));
}

} // namespace warden
