#pragma once

#include "core/host/HostEndpoint.h"

#include <QObject>
#include <QPointer>

#include <functional>

#include <nlohmann/json.hpp>

class QTcpSocket;

namespace warden {

// A connection to a Warden host daemon: TLS (verified against the system's
// CAs or the endpoint's pinned CA file), then the token, then JSON lines.
// Asynchronous; call() wraps one request/answer for short exchanges.
class HostClient : public QObject {
    Q_OBJECT
public:
    explicit HostClient(HostEndpoint endpoint, QObject *parent = nullptr);
    ~HostClient() override;

    void open();
    void send(const nlohmann::json &message);
    void close();
    const HostEndpoint &endpoint() const { return m_endpoint; }

    // Connects, says hello, sends `request` (unless null) and returns the
    // first answer; the hello answer (host info) when `request` is null.
    // Runs a local event loop: fine on the command line or a worker thread.
    static Result<nlohmann::json> call(const HostEndpoint &endpoint, const nlohmann::json &request,
                                       int timeoutMs = 15000);

Q_SIGNALS:
    void ready(const nlohmann::json &info);      // hello accepted
    void message(const nlohmann::json &message); // every later line
    void failed(const QString &why);             // at most once, then closed
    void closed();

private:
    void onConnected();
    void onReadable();
    void fail(const QString &why);
    // Emits through `emitIt`; false (and the connection failed) when a
    // receiver threw.
    bool deliver(const std::function<void()> &emitIt);

    HostEndpoint m_endpoint;
    QTcpSocket *m_socket = nullptr;
    bool m_helloDone = false;
    bool m_failed = false;
};

} // namespace warden
