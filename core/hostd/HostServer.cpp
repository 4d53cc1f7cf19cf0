#include "core/hostd/HostServer.h"

#include "core/hostd/HostSession.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"

#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>

namespace warden {

HostServer::HostServer(Settings settings, RunSupervisor &supervisor, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_supervisor(supervisor)
{
    // Refused connections are on record, counted: a flood of them cannot
    // flood the store.
    m_refusals = new RefusalTally(
        [this](const QString &what) {
            AuditRecord r;
            r.type = "host_refused";
            r.payload = nlohmann::json{{"what", what.toStdString()}}.dump(-1, ' ', false,
                                                                          nlohmann::json::error_handler_t::replace);
            m_supervisor.store()->append({r}, [](Result<std::int64_t>) {});
        },
        this);
}

void HostServer::wrongCredentials(const QHostAddress &address)
{
    const bool lockedOut = m_admission.wrongCredentials(address, QDateTime::currentMSecsSinceEpoch());
    m_refusals->refused(
        lockedOut ? QStringLiteral("wrong credentials from %1; locked out for a minute").arg(address.toString())
                  : QStringLiteral("wrong credentials from %1").arg(address.toString()));
}

HostServer::~HostServer() = default;

ApprovalQueue &HostServer::queue()
{
    return m_supervisor.approvals();
}

Result<void> HostServer::listen()
{
    if (m_settings.credentials.people().empty())
        return fail("the host knows nobody: give it a credentials file or a token", "credentials");
    const bool tls = !m_settings.tlsCert.isEmpty() || !m_settings.tlsKey.isEmpty();
    if (tls) {
        if (!QSslSocket::supportsSsl())
            return fail("this Qt has no TLS backend");
        QFile certFile(m_settings.tlsCert);
        QFile keyFile(m_settings.tlsKey);
        if (!certFile.open(QIODevice::ReadOnly))
            return fail("cannot read the certificate", "--tls-cert", 0, m_settings.tlsCert.toStdString());
        if (!keyFile.open(QIODevice::ReadOnly))
            return fail("cannot read the private key", "--tls-key", 0, m_settings.tlsKey.toStdString());
        const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty())
            return fail("no PEM certificate in the file", "--tls-cert", 0, m_settings.tlsCert.toStdString());
        if (key.isNull())
            return fail("no PEM RSA or EC private key in the file", "--tls-key", 0, m_settings.tlsKey.toStdString());
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        config.setProtocol(QSsl::TlsV1_2OrLater);
        config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves with the token
        auto *server = new QSslServer(this);
        server->setSslConfiguration(config);
        // The TLS handshake and the hello together: a silent connection holds
        // its admission slot a few seconds at most.
        server->setHandshakeTimeout(HostAdmission::kHelloMs);
        m_server = server;
    } else {
        if (!m_settings.address.isLoopback())
            return fail("without --tls-cert and --tls-key a Warden host listens on loopback only", "--listen");
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(m_settings.maxConnections);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            std::string why;
            auto ticket = HostAdmission::Ticket::Refused;
            if (m_connections >= m_settings.maxConnections) {
                why = "more than " + std::to_string(m_settings.maxConnections) + " connections";
            } else {
                ticket = m_admission.admit(socket->peerAddress(), QDateTime::currentMSecsSinceEpoch(), why);
                if (ticket == HostAdmission::Ticket::Refused)
                    why += " (" + socket->peerAddress().toString().toStdString() + ")";
            }
            if (!why.empty()) {
                socket->abort();
                socket->deleteLater();
                m_refusals->refused(QString::fromStdString(why));
                continue;
            }
            ++m_connections;
            auto *session = new HostSession(*this, socket, ticket);
            connect(session, &QObject::destroyed, this, [this] { --m_connections; });
        }
    });
    if (!m_server->listen(m_settings.address, m_settings.port))
        return fail("cannot listen on " + m_settings.address.toString().toStdString() + ":" +
                        std::to_string(m_settings.port) + ": " + m_server->errorString().toStdString(),
                    "--listen");
    return {};
}

quint16 HostServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

std::string HostServer::url() const
{
    const bool tls = qobject_cast<QSslServer *>(m_server) != nullptr;
    QString host = m_settings.address.toString();
    if (m_settings.address.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return (tls ? "wardens://" : "warden://") + host.toStdString() + ":" + std::to_string(port());
}

bool HostServer::tryStartRun()
{
    if (m_liveRuns >= m_settings.maxRuns)
        return false;
    ++m_liveRuns;
    Q_EMIT runCountChanged(m_liveRuns);
    return true;
}

void HostServer::runEnded()
{
    --m_liveRuns;
    Q_EMIT runCountChanged(m_liveRuns);
}

} // namespace warden
