#include "core/host/HostClient.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <QEventLoop>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace warden {

namespace {

constexpr qsizetype kMaxLine = 8 * 1024 * 1024;

}

HostClient::HostClient(HostEndpoint endpoint, QObject *parent) : QObject(parent), m_endpoint(std::move(endpoint)) {}

HostClient::~HostClient() = default;

void HostClient::open()
{
    const QString where = QString::fromStdString(m_endpoint.url());
    if (m_endpoint.tls) {
        auto *socket = new QSslSocket(this);
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setProtocol(QSsl::TlsV1_2OrLater);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_endpoint.caFile.isEmpty()) {
            const auto cas = QSslCertificate::fromPath(m_endpoint.caFile, QSsl::Pem);
            if (cas.isEmpty()) {
                QTimer::singleShot(0, this,
                                   [this] { fail(tr("no PEM certificate in the CA file %1").arg(m_endpoint.caFile)); });
                return;
            }
            config.setCaCertificates(cas);
        }
        socket->setSslConfiguration(config);
        connect(socket, &QSslSocket::sslErrors, this, [this, where](const QList<QSslError> &errors) {
            QStringList text;
            for (const auto &e : errors)
                text << e.errorString();
            fail(tr("%1: the host's certificate is not trusted: %2").arg(where, text.join(QStringLiteral("; "))));
        });
        connect(socket, &QSslSocket::encrypted, this, &HostClient::onConnected);
        m_socket = socket;
        socket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &HostClient::onConnected);
        m_socket->connectToHost(m_endpoint.host, m_endpoint.port);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &HostClient::onReadable);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this, where](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError && m_helloDone)
            return; // the host ends the stream after a run's last event
        fail(tr("cannot reach %1: %2").arg(where, m_socket->errorString()));
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadable(); // lines that arrived with the close
        if (!m_helloDone)
            fail(tr("%1 closed the connection").arg(QString::fromStdString(m_endpoint.url())));
        Q_EMIT closed();
    });
}

void HostClient::onConnected()
{
    send({{"op", "hello"}, {"token", m_endpoint.token}, {"client", std::string("warden ") + WARDEN_VERSION}});
}

void HostClient::send(const nlohmann::json &message)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(QByteArray::fromStdString(message.dump() + "\n"));
}

void HostClient::close()
{
    if (m_socket)
        m_socket->disconnectFromHost();
}

void HostClient::onReadable()
{
    while (!m_failed && m_socket->canReadLine()) {
        const QByteArray line = m_socket->readLine(kMaxLine);
        // A host is outside the process: its lines go through the one strict
        // reader (depth, size, duplicate keys), never nlohmann's recursive
        // copy of an unbounded tree.
        auto parsed = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                      {.maxBytes = static_cast<std::size_t>(kMaxLine)});
        if (!parsed || !parsed->is_object()) {
            fail(tr("%1 sent something that is not a JSON object").arg(QString::fromStdString(m_endpoint.url())));
            return;
        }
        const nlohmann::json received = std::move(*parsed);
        if (!m_helloDone) {
            if (!JsonLookup::booleanOr(received, "ok", false)) {
                const auto error = received.find("error");
                fail(QStringLiteral("%1: %2").arg(QString::fromStdString(m_endpoint.url()),
                                                  error != received.end() && error->is_string()
                                                      ? QString::fromStdString(error->get<std::string>())
                                                      : tr("refused")));
                return;
            }
            m_helloDone = true;
            Q_EMIT ready(received);
            continue;
        }
        Q_EMIT message(received);
    }
    if (!m_failed && m_socket->bytesAvailable() > kMaxLine)
        fail(tr("%1 sent a line longer than 8 MiB").arg(QString::fromStdString(m_endpoint.url())));
}

void HostClient::fail(const QString &why)
{
    if (m_failed)
        return;
    m_failed = true;
    if (m_socket)
        m_socket->abort();
    Q_EMIT failed(why);
}

Result<nlohmann::json> HostClient::call(const HostEndpoint &endpoint, const nlohmann::json &request, int timeoutMs)
{
    HostClient client(endpoint);
    QEventLoop loop;
    Result<nlohmann::json> answer =
        warden::fail("no answer from " + endpoint.url() + " within " + std::to_string(timeoutMs / 1000) + " s");
    connect(&client, &HostClient::ready, &loop, [&](const nlohmann::json &info) {
        if (request.is_null()) {
            answer = info;
            loop.quit();
        } else {
            client.send(request);
        }
    });
    connect(&client, &HostClient::message, &loop, [&](const nlohmann::json &m) {
        answer = m;
        loop.quit();
    });
    connect(&client, &HostClient::failed, &loop, [&](const QString &why) {
        answer = warden::fail(why.toStdString());
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    client.open();
    loop.exec();
    client.close();
    return answer;
}

} // namespace warden
