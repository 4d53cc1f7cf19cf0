#pragma once

#include "core/common/RefusalTally.h"
#include "core/judge/CanaryScanner.h"
#include "core/judge/Judge.h"
#include "core/policy/Destination.h"
#include "core/trace/Action.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <optional>
#include <sys/types.h>

class QHostInfo;
class QLocalServer;
class QLocalSocket;
class QTcpSocket;
class QTimer;

namespace warden {

// The sandbox's only way out: an HTTP(S) forward proxy on a unix socket
// (bridged to 127.0.0.1:3128 inside the sandbox). Every request becomes an
// `egress` action that the run judges; only allowed ones are connected, and
// then by Warden, to an address checked after resolution (internal addresses
// only for destinations the declaration lists as internal). Plain HTTP is one
// judged request per connection: nothing after it is relayed. Heads and
// bodies are searched for canary values (and their encodings) before
// anything leaves; a hit is named on the action (values never are).
class EgressProxy : public QObject {
    Q_OBJECT
public:
    // Decides an egress action; calls `answer(allowed, reason)` once, maybe later.
    using Decider = std::function<void(Action action, std::function<void(bool, std::string)> answer)>;

    struct Limits {
        int maxConnections = 64;
        qint64 maxPendingBytes = 1024 * 1024; // per direction, before reading stops
        int headTimeoutMs = 30'000;           // to send a whole request head (and body)
        int connectTimeoutMs = 15'000;        // resolution and connection
        int idleTimeoutMs = 300'000;          // no byte either way
    };

    EgressProxy(const std::vector<Judge::Canary> &canaries, Decider decider, QObject *parent = nullptr);
    ~EgressProxy() override;

    void setLimits(const Limits &limits) { m_limits = limits; }
    // Destinations whose resolved addresses may be internal (loopback,
    // private, link-local, ...). Without any, only public addresses are reached.
    void setInternalDestinations(std::vector<Destination> destinations) { m_internal = std::move(destinations); }

    Result<void> listen(const QString &path);
    void close();
    // Only processes of this user may connect (the run's sandbox user).
    void setPeerUid(uid_t uid) { m_peerUid = uid; }
    std::size_t openConnections() const { return m_clients.size(); }

Q_SIGNALS:
    void protocolViolation(const QString &what);
    // An allowed destination was not connected after all: every address it
    // resolved to is internal, and it is not an internal destination. The run
    // records this as a denied egress to that address.
    void internalAddressRefused(const QString &host, int port, const QString &address, const QString &reason);

private:
    struct Client {
        QPointer<QLocalSocket> socket;
        QPointer<QTcpSocket> upstream;
        QPointer<QTimer> timer;
        QByteArray buffer;
        bool decided = false;
        bool tunnel = false;
        bool connected = false;
        bool answered = false; // upstream sent something back
        bool extraReported = false;
        bool finished = false; // refused or timed out: nothing more is started
        QByteArray answerHead; // plain HTTP: the destination's answer head, until it ends
        bool headRelayed = false;
    };
    void onNewConnection();
    void onReadable(quint64 id);
    void judge(quint64 id);
    void refuse(quint64 id, int status, const std::string &reason);
    void resolve(quint64 id, const std::string &host, int port, const QByteArray &firstBytes);
    void connectUpstream(quint64 id, const QHostAddress &address, int port, const QByteArray &firstBytes);
    void pump(quint64 id);
    void relayAnswer(quint64 id, const QByteArray &bytes);
    void arm(quint64 id, int ms);
    bool live(quint64 id) const;
    void drop(quint64 id);

    CanaryScanner m_canaries;
    Decider m_decider;
    Limits m_limits;
    std::optional<uid_t> m_peerUid;
    RefusalTally *m_refusals;
    std::vector<Destination> m_internal;
    QLocalServer *m_server;
    std::map<quint64, Client> m_clients;
    quint64 m_nextId = 1;
};

} // namespace warden
