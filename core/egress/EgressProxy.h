#pragma once

#include "judge/Judge.h"
#include "trace/Action.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>

class QLocalServer;
class QLocalSocket;
class QTcpSocket;

namespace warden {

// The sandbox's only way out: an HTTP(S) forward proxy on a unix socket
// (bridged to 127.0.0.1:3128 inside the sandbox). Every request becomes an
// `egress` action that the run judges; only allowed ones are connected, and
// then by Warden. Plain-HTTP heads and bodies are searched for canary values
// before anything leaves; a hit is named on the action (values never are).
class EgressProxy : public QObject {
    Q_OBJECT
public:
    // Decides an egress action; calls `answer(allowed, reason)` once, maybe later.
    using Decider = std::function<void(Action action, std::function<void(bool, std::string)> answer)>;

    EgressProxy(std::vector<Judge::Canary> canaries, Decider decider, QObject *parent = nullptr);
    ~EgressProxy() override;

    Result<void> listen(const QString &path);
    void close();

Q_SIGNALS:
    void protocolViolation(const QString &what);

private:
    struct Client {
        QPointer<QLocalSocket> socket;
        QPointer<QTcpSocket> upstream;
        QByteArray buffer;
        bool decided = false;
        bool answered = false; // upstream sent something back
    };
    void onNewConnection();
    void onReadable(quint64 id);
    void refuse(quint64 id, int status, const std::string &reason);
    void connectUpstream(quint64 id, const std::string &host, int port, QByteArray firstBytes, bool tunnel);
    void drop(quint64 id);

    std::vector<Judge::Canary> m_canaries;
    Decider m_decider;
    QLocalServer *m_server;
    std::map<quint64, Client> m_clients;
    quint64 m_nextId = 1;
};

} // namespace warden
