#pragma once

#include "core/common/RefusalTally.h"
#include "core/gateway/GatewayRequest.h"

#include <QObject>
#include <QPointer>

#include <map>
#include <optional>
#include <sys/types.h>

class QLocalServer;
class QLocalSocket;

namespace warden {

// The agent's only hatch to tools: one unix socket per run, one JSON object
// per line each way. It enforces the transport limits (line size, rate, open
// requests, connections) and hands well-formed requests on; everything else
// gets an error line and is reported so the run can record it.
class GatewayServer : public QObject {
    Q_OBJECT
public:
    struct Limits {
        qsizetype maxLineBytes = 256 * 1024;
        int maxOpenPerConnection = 16;
        int maxConnections = 8;
        int maxRequestsPerSecond = 200;
        qint64 maxUnreadReplyBytes = 1024 * 1024; // replies the agent has not read yet
    };

    explicit GatewayServer(QObject *parent = nullptr);
    explicit GatewayServer(Limits limits, QObject *parent = nullptr);
    ~GatewayServer() override;

    Result<void> listen(const QString &path);
    void close();
    // Only processes of this user may connect (the run's sandbox user);
    // others are refused and counted.
    void setPeerUid(uid_t uid) { m_peerUid = uid; }

    // Sends the reply for `requestId` on connection `connection` (if it is still open).
    void reply(quint64 connection, const nlohmann::json &response);

Q_SIGNALS:
    void requestReceived(quint64 connection, const warden::GatewayRequest &request);
    // A line was refused before reaching the policy: malformed, oversized, flooding.
    void protocolViolation(const QString &what);

private:
    struct Connection {
        QPointer<QLocalSocket> socket;
        QByteArray buffer;
        int open = 0;
        qint64 windowStartMs = 0;
        int inWindow = 0;
        bool discarding = false; // inside an oversized line, waiting for its end
        bool closing = false;    // dropped for not reading its replies; abort queued
    };

    void onNewConnection();
    void onReadable(quint64 id);
    void handleLine(quint64 id, Connection &c, const QByteArray &line);
    void sendError(Connection &c, const std::string &requestId, const std::string &message);
    void write(Connection &c, const std::string &text);

    Limits m_limits;
    std::optional<uid_t> m_peerUid;
    RefusalTally *m_refusals;
    QLocalServer *m_server;
    std::map<quint64, Connection> m_connections;
    quint64 m_nextId = 1;
};

} // namespace warden
