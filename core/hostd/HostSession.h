#pragma once

#include "core/host/HostAdmission.h"
#include "core/host/HostCredentials.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

class QTcpSocket;

namespace warden {

class HostServer;
class LiveRun;

// One client connection to a Warden host: JSON lines, at most 1 MiB each.
// The first line must be {"op": "hello", "token": ...}; the token names a
// person and their role (HostCredentials), and until then nothing else is
// answered. Then: "info" and "list" (any role), "decide" (reviewers, under
// their own name), or one "run" (launchers, as launcher), whose events stream
// back on this connection until it ends. A client
// that disconnects during its run takes the run down with it (fail closed).
class HostSession : public QObject {
    Q_OBJECT
public:
    // `ticket` is the admission slot the connection holds until it says
    // hello (a brief one must say it sooner).
    HostSession(HostServer &server, QTcpSocket *socket, HostAdmission::Ticket ticket);
    ~HostSession() override;

    static constexpr qsizetype kMaxLine = 1024 * 1024;
    static constexpr qint64 kSoftWriteCap = 1024 * 1024;      // output lines dropped past it
    static constexpr qint64 kHardWriteCap = 16 * 1024 * 1024; // the client is disconnected past it

private:
    void onReadable();
    void handle(const nlohmann::json &request);
    // `person`: who authenticated on this connection.
    void startRun(const nlohmann::json &request, const HostCredential &person);
    enum class Delivery { Required, Droppable };
    void send(const nlohmann::json &message, Delivery delivery = Delivery::Required);
    void refuse(const std::string &why, bool close);

    HostServer &m_server;
    QTcpSocket *m_socket;
    QTimer m_helloTimer;
    QHostAddress m_peer;
    HostAdmission::Ticket m_ticket;
    std::optional<HostCredential> m_person;
    qint64 m_droppedLines = 0; // who authenticated; nothing is answered before

    bool m_closing = false;
    // The run this connection started: the supervisor owns it and deletes
    // it after it ends. m_runCounted: it holds one of the host's run slots.
    QPointer<LiveRun> m_run;
    bool m_runCounted = false;
};

} // namespace warden
