#include "core/egress/EgressProxy.h"

#include "core/common/RunSocket.h"
#include "core/egress/AddressGuard.h"
#include "core/egress/HttpRequestHead.h"
#include "core/policy/HostName.h"
#include "core/policy/Url.h"

#include <QHostInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTcpSocket>
#include <QTimer>

#include <charconv>

namespace warden {

namespace {

// Kernel and Qt buffers stay small so that a side that stops reading stops
// the other side too (backpressure), instead of the warden holding the data.
constexpr qint64 kSocketReadBuffer = 256 * 1024;

} // namespace

EgressProxy::EgressProxy(const std::vector<Judge::Canary> &canaries, Decider decider, QObject *parent)
    : QObject(parent),
      m_canaries(canaries),
      m_decider(std::move(decider)),
      m_refusals(new RefusalTally([this](const QString &what) { Q_EMIT protocolViolation(what); }, this)),
      m_server(new QLocalServer(this))
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
    return RunSocket::listen(*m_server, path, "proxy");
}

void EgressProxy::close()
{
    for (auto &[id, c] : m_clients) {
        if (c.upstream) {
            c.upstream->disconnect(this);
            c.upstream->abort();
        }
        if (c.socket) {
            c.socket->disconnect(this);
            c.socket->abort();
        }
    }
    m_clients.clear();
    if (m_server->isListening())
        m_server->close();
}

void EgressProxy::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!m_refusals->admitPeer(socket, m_peerUid, tr("a proxy peer is not this run's sandbox user (uid %1)")))
            continue;
        if (m_clients.size() >= static_cast<std::size_t>(m_limits.maxConnections)) {
            socket->abort();
            socket->deleteLater();
            m_refusals->refused(tr("more than %1 proxy connections open").arg(m_limits.maxConnections));
            continue;
        }
        const quint64 id = m_nextId++;
        Client &c = m_clients[id];
        c.socket = socket;
        socket->setReadBufferSize(kSocketReadBuffer);
        c.timer = new QTimer(socket);
        c.timer->setSingleShot(true);
        connect(c.timer, &QTimer::timeout, this, [this, id] {
            auto it = m_clients.find(id);
            if (it == m_clients.end())
                return;
            if (!it->second.decided) {
                Q_EMIT protocolViolation(
                    tr("a proxy request head did not arrive within %1 s").arg(m_limits.headTimeoutMs / 1000));
                it->second.decided = true;
                refuse(id, 408, "the request did not arrive in time");
            } else if (!it->second.connected) {
                refuse(id, 504, "the destination did not answer in time");
            } else {
                drop(id); // idle
            }
        });
        arm(id, m_limits.headTimeoutMs);
        connect(socket, &QLocalSocket::readyRead, this, [this, id] { onReadable(id); });
        connect(socket, &QLocalSocket::bytesWritten, this, [this, id] { pump(id); });
        connect(socket, &QLocalSocket::disconnected, this, [this, id] { drop(id); });
    }
}

bool EgressProxy::live(quint64 id) const
{
    auto it = m_clients.find(id);
    return it != m_clients.end() && it->second.socket && !it->second.finished;
}

void EgressProxy::arm(quint64 id, int ms)
{
    auto it = m_clients.find(id);
    if (it != m_clients.end() && it->second.timer)
        it->second.timer->start(ms);
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
        it->second.socket->abort();
        it->second.socket->deleteLater();
    }
    m_clients.erase(it);
}

void EgressProxy::refuse(quint64 id, int status, const std::string &reason)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    if (it->second.upstream) {
        it->second.upstream->disconnect(this);
        it->second.upstream->abort();
        it->second.upstream->deleteLater();
    }
    const char *text = status == 403   ? "Forbidden"
                       : status == 408 ? "Request Timeout"
                       : status == 502 ? "Bad Gateway"
                       : status == 504 ? "Gateway Timeout"
                                       : "Bad Request";
    std::string body = "Warden: " + reason + "\n";
    std::string response =
        "HTTP/1.1 " + std::to_string(status) + " " + text +
        "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    it->second.socket->write(response.data(), static_cast<qint64>(response.size()));
    it->second.socket->disconnectFromServer();
    if (it->second.timer)
        it->second.timer->start(5'000); // a client that never reads the refusal is dropped
    it->second.connected = true;        // so that timer means "idle", not "no answer"
    it->second.finished = true;
}

void EgressProxy::onReadable(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    Client &c = it->second;
    if (c.decided) {
        if (c.tunnel) {
            pump(id); // a tunnel's bytes pass (and wait) under backpressure
            return;
        }
        // Plain HTTP: one judged request per connection. Nothing after it is
        // relayed; a second request would not have been judged.
        const QByteArray extra = c.socket->readAll();
        if (!extra.isEmpty() && !c.extraReported) {
            c.extraReported = true;
            Q_EMIT protocolViolation(tr("bytes after a judged HTTP request were dropped (one request per connection)"));
        }
        return;
    }
    const qint64 room = HttpRequestHead::kMaxHead + HttpRequestHead::kMaxBody + 1 - c.buffer.size();
    c.buffer += c.socket->read(std::max<qint64>(room, 0));
    judge(id);
}

void EgressProxy::judge(quint64 id)
{
    Client &c = m_clients.at(id);
    auto head = HttpRequestHead::parse(c.buffer);
    if (!head) {
        c.decided = true;
        Q_EMIT protocolViolation(tr("bad proxy request: %1").arg(QString::fromStdString(head.error().message)));
        refuse(id, 400, head.error().message);
        return;
    }
    const std::optional<HttpRequestHead> &complete = *head;
    if (!complete)
        return;
    const HttpRequestHead &h = *complete;
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
        std::string_view portText =
            colon == std::string::npos ? std::string_view() : std::string_view(h.target).substr(colon + 1);
        auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (colon == std::string::npos || ec != std::errc() || ptr != portText.data() + portText.size() || port < 1 ||
            port > 65535) {
            c.decided = true;
            refuse(id, 400, "CONNECT needs host:port");
            return;
        }
        a.host = h.target.substr(0, colon);
        a.port = port;
        auto canonical = HostName::normalize(a.host.starts_with('[') && a.host.ends_with(']')
                                                 ? std::string_view(a.host).substr(1, a.host.size() - 2)
                                                 : std::string_view(a.host));
        host = canonical ? *canonical : std::string();
    } else {
        a.url = h.target;
        auto url = Url::parse(h.target); // HttpRequestHead checked it
        if (url) {
            host = url->host;
            port = url->port;
        }
    }
    // Canary search over everything this request would send in clear: the
    // request line, headers and body, in any encoding the scanner knows.
    const QByteArray outbound = c.buffer.left(h.headLength + (h.isConnect() ? 0 : h.contentLength));
    a.canaries = m_canaries.find(std::string_view(outbound.constData(), static_cast<std::size_t>(outbound.size())));

    c.decided = true;
    c.tunnel = h.isConnect();
    QByteArray forward;
    if (!c.tunnel) {
        // Origin-form request line, no proxy headers, the judged host as Host,
        // and nothing after the judged body.
        auto url = Url::parse(h.target);
        std::string path = url && !url->rest.empty() ? url->rest : "/";
        if (path.front() != '/')
            path = "/" + path;
        forward = QByteArray::fromStdString(h.method + " " + path + " HTTP/1.1\r\n");
        forward += QByteArray::fromStdString("Host: " + HostName::display(host, port) + "\r\n");
        for (const auto &[k, v] : h.headers) {
            std::string key = k;
            for (auto &ch : key)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            // The body was read whole before judging: nothing waits on a 100.
            if (key.rfind("proxy-", 0) == 0 || key == "connection" || key == "host" || key == "keep-alive" ||
                key == "expect")
                continue;
            forward += QByteArray::fromStdString(k + ": " + v + "\r\n");
        }
        forward += "Connection: close\r\n\r\n";
        forward += c.buffer.mid(h.headLength, h.contentLength);
        if (c.buffer.size() > h.headLength + h.contentLength && !c.extraReported) {
            c.extraReported = true;
            Q_EMIT protocolViolation(tr("bytes after a judged HTTP request were dropped (one request per connection)"));
        }
        c.buffer.clear();
    } else {
        c.buffer.remove(0, h.headLength);
    }
    if (c.timer)
        c.timer->stop(); // the reviewer may take a while; the run's approval deadline bounds it
    const bool validHost = !host.empty();
    m_decider(std::move(a), [this, id, host, port, forward, validHost](bool allowed, const std::string &reason) {
        if (!live(id))
            return;
        if (!allowed) {
            refuse(id, 403, reason);
            return;
        }
        if (!validHost) {
            refuse(id, 400, "the destination host cannot be read one way only");
            return;
        }
        resolve(id, host, port, forward);
    });
}

void EgressProxy::resolve(quint64 id, const std::string &host, int port, const QByteArray &firstBytes)
{
    arm(id, m_limits.connectTimeoutMs);
    const bool internalAllowed =
        std::any_of(m_internal.begin(), m_internal.end(), [&](const Destination &d) { return d.matches(host, port); });
    // Resolved once, checked, and connected by address: a second lookup
    // could answer differently (DNS rebinding).
    QHostInfo::lookupHost(
        QString::fromStdString(host), this, [this, id, host, port, firstBytes, internalAllowed](const QHostInfo &info) {
            if (!live(id))
                return;
            const std::string where = HostName::display(host, port);
            if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
                refuse(id, 502, "cannot resolve " + where);
                return;
            }
            QHostAddress refused;
            std::string refusedWhy;
            for (const QHostAddress &address : info.addresses()) {
                auto why = AddressGuard::restriction(address);
                if (!why || internalAllowed) {
                    connectUpstream(id, address, port, firstBytes);
                    return;
                }
                if (refusedWhy.empty()) {
                    refused = address;
                    refusedWhy = *why;
                }
            }
            const std::string reason = where + " resolved to " + refused.toString().toStdString() + " (" + refusedWhy +
                                       "); the declaration does not list it in internal_destinations";
            Q_EMIT internalAddressRefused(QString::fromStdString(host), port, refused.toString(),
                                          QString::fromStdString(reason));
            refuse(id, 403, reason);
        });
}

void EgressProxy::connectUpstream(quint64 id, const QHostAddress &address, int port, const QByteArray &firstBytes)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    auto *up = new QTcpSocket(this);
    up->setReadBufferSize(kSocketReadBuffer);
    it->second.upstream = up;
    connect(up, &QTcpSocket::connected, this, [this, id, up, firstBytes] {
        auto c = m_clients.find(id);
        if (c == m_clients.end() || !c->second.socket)
            return;
        c->second.connected = true;
        arm(id, m_limits.idleTimeoutMs);
        if (c->second.tunnel)
            c->second.socket->write("HTTP/1.1 200 Connection established\r\n\r\n");
        else
            up->write(firstBytes);
        if (!c->second.buffer.isEmpty()) {
            up->write(c->second.buffer);
            c->second.buffer.clear();
        }
        pump(id);
    });
    connect(up, &QTcpSocket::readyRead, this, [this, id] { pump(id); });
    connect(up, &QTcpSocket::bytesWritten, this, [this, id] { pump(id); });
    connect(up, &QTcpSocket::disconnected, this, [this, id, up] {
        auto c = m_clients.find(id);
        if (c == m_clients.end() || !c->second.socket)
            return;
        if (up->bytesAvailable() > 0)
            relayAnswer(id, up->readAll()); // the last answer; its size is bounded by the read buffer
        c = m_clients.find(id);
        if (c == m_clients.end() || !c->second.socket || c->second.finished)
            return;
        if (!c->second.tunnel && !c->second.headRelayed && !c->second.answerHead.isEmpty()) {
            refuse(id, 502, "the destination closed the connection inside its answer's head");
            return;
        }
        c->second.socket->disconnectFromServer();
    });
    connect(up, &QTcpSocket::errorOccurred, this, [this, id, up](QAbstractSocket::SocketError) {
        auto c = m_clients.find(id);
        if (c != m_clients.end() && !c->second.answered && up->bytesAvailable() == 0 &&
            up->error() != QAbstractSocket::RemoteHostClosedError) {
            refuse(id, 502, "cannot reach the destination: " + up->errorString().toStdString());
        }
    });
    up->connectToHost(address, static_cast<quint16>(port));
}

void EgressProxy::pump(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket || !it->second.upstream || !it->second.connected)
        return;
    Client &c = it->second;
    QLocalSocket *down = c.socket;
    QTcpSocket *up = c.upstream;
    bool moved = false;
    // Each direction moves only while the receiver's write buffer has room;
    // otherwise the bytes wait in the (bounded) socket buffers.
    if (up->bytesAvailable() > 0 && down->bytesToWrite() < m_limits.maxPendingBytes) {
        c.answered = true;
        relayAnswer(id, up->read(m_limits.maxPendingBytes - down->bytesToWrite()));
        moved = true;
        if (!live(id))
            return;
    }
    if (c.tunnel && down->bytesAvailable() > 0 && up->state() == QAbstractSocket::ConnectedState &&
        up->bytesToWrite() < m_limits.maxPendingBytes) {
        up->write(down->read(m_limits.maxPendingBytes - up->bytesToWrite()));
        moved = true;
    }
    if (moved)
        arm(id, m_limits.idleTimeoutMs);
}

// Plain HTTP: the destination's answer goes back as it came, but for its
// head saying `Connection: close`. The proxy serves one judged request per
// connection and closes it after the answer; a client told so opens a new
// one for its next request instead of meeting a closed connection (Node's
// keep-alive agents did: ECONNRESET on their second request).
void EgressProxy::relayAnswer(quint64 id, const QByteArray &bytes)
{
    constexpr qsizetype kMaxAnswerHead = 64 * 1024;
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    Client &c = it->second;
    if (c.tunnel || c.headRelayed) {
        c.socket->write(bytes);
        return;
    }
    c.answerHead += bytes;
    qsizetype end = c.answerHead.indexOf("\r\n\r\n");
    // Interim answers (100 Continue, 103 Early Hints) pass as they are: the
    // final head is the one that says how the connection ends.
    while (end >= 0 && c.answerHead.startsWith("HTTP/1.1 1")) {
        c.socket->write(c.answerHead.left(end + 4));
        c.answerHead.remove(0, end + 4);
        end = c.answerHead.indexOf("\r\n\r\n");
    }
    if (end < 0) {
        if (c.answerHead.size() > kMaxAnswerHead)
            refuse(id, 502, "the destination's answer head is over 64 KiB");
        return;
    }
    QByteArray head;
    bool statusLine = true;
    for (QByteArray line : c.answerHead.left(end).split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!statusLine) {
            const QByteArray name = line.left(line.indexOf(':')).trimmed().toLower();
            if (name == "connection" || name == "keep-alive" || name == "proxy-connection")
                continue;
        }
        statusLine = false;
        head += line + "\r\n";
    }
    head += "Connection: close\r\n\r\n";
    const QByteArray rest = c.answerHead.mid(end + 4);
    c.answerHead.clear();
    c.headRelayed = true;
    c.socket->write(head + rest);
}

} // namespace warden
