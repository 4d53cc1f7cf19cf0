#pragma once

#include "core/common/Error.h"
#include "core/common/RefusalTally.h"
#include "core/host/HostAdmission.h"
#include "core/host/HostCredentials.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <string>

class QTcpServer;

namespace warden {

class ApprovalQueue;
class AuditStore;
class RunSupervisor;

// A Warden host daemon's listener (warden-hostd, `wardenctl serve`): remote
// consoles and wardenctl connect over TLS, prove the shared token, then list
// and decide approvals or start runs that execute here, under this host's
// supervisor (its store and approval queue). Plain TCP is accepted on loopback only.
class HostServer : public QObject {
    Q_OBJECT
public:
    struct Settings {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0; // 0: any free port
        QString tlsCert;  // PEM files; both or neither
        QString tlsKey;
        HostCredentials credentials; // who may connect, and as what
        // Whether a run's launcher may decide its own run's approvals. On
        // with one shared token (everyone is "token"); off by default with
        // a credentials file.
        bool launcherMayApprove = false;
        std::string hostName;
        int maxConnections = 32;
        int maxRuns = 4;
        // Whether clients' declarations may list internal_destinations
        // (loopback, private, cloud metadata addresses as seen from this
        // host). Off: a client could otherwise read this host's neighbours.
        bool allowInternalDestinations = false;
    };

    // The supervisor must be open (adopted) and outlive the server.
    HostServer(Settings settings, RunSupervisor &supervisor, QObject *parent = nullptr);
    ~HostServer() override;

    Result<void> listen();
    quint16 port() const;
    std::string url() const;
    int liveRuns() const { return m_liveRuns; }
    HostAdmission &admission() { return m_admission; }
    // Wrong credentials from `address`: counted, and recorded (a lockout at once).
    void wrongCredentials(const QHostAddress &address);

    // Used by the sessions.
    const Settings &settings() const { return m_settings; }
    RunSupervisor &supervisor() { return m_supervisor; }
    ApprovalQueue &queue();
    bool tryStartRun();
    void runEnded();
    // Kills every live run; each records its end in the store as usual.
    void killRuns(const QString &why) { Q_EMIT killRequested(why); }

Q_SIGNALS:
    void killRequested(const QString &why);
    void runCountChanged(int liveRuns);

private:
    Settings m_settings;
    RunSupervisor &m_supervisor;
    QTcpServer *m_server = nullptr;
    int m_connections = 0;
    HostAdmission m_admission;
    RefusalTally *m_refusals = nullptr;
    int m_liveRuns = 0;
};

} // namespace warden
