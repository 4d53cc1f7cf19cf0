#pragma once

#include "core/approvals/ApprovalQueue.h"
#include "core/runs/RunConfig.h"

#include <QObject>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>

namespace warden {
struct Action;
class AuditStore;
class ControlServer;
class LiveRun;
} // namespace warden

namespace warden::ui {

// The console's side of live runs: one audit store writer, one approval
// queue (also served on the control socket for wardenctl approvals), and the
// runs in flight. Everything here is asynchronous; nothing blocks the GUI.
class LiveRunController : public QObject {
    Q_OBJECT
public:
    explicit LiveRunController(QString storePath, QObject *parent = nullptr);
    ~LiveRunController() override;

    ApprovalQueue &approvals() { return m_approvals; }
    // The console's store writer, once open (null before ready()).
    AuditStore *store() const { return m_store.get(); }
    int liveRuns() const { return static_cast<int>(m_runs.size()); }

    // Opens the store (on a worker thread), recovers from an earlier crash and
    // starts serving the control socket. Emits ready() or failed().
    void open();
    void startDemo(const QString &name, const QString &host);
    // Any agent command under a declaration file: read and checked on a
    // worker thread; errors (with the file's line) come back as failed().
    struct CustomLaunch {
        QString declarationFile;
        QStringList argv;
        QString host = QStringLiteral("bwrap"); // the sandbox kind: bwrap or docker
        QString image;   // empty: Warden's image for the host kind
        QString dataDir; // mounted read-only at /data when set
        // A Warden host (its id on the Hosts screen) that runs it in its own
        // image instead of this machine; empty for a local run.
        QString remoteHost;
    };
    void startCustom(const CustomLaunch &launch);
    // How long the next runs' approval requests wait before silence denies them.
    void setApprovalDeadline(int seconds) { m_deadlineSeconds = seconds; }
    void killAll(const QString &why);
    // The judge's current view of a live run, or an empty string.
    QString judgementOf(const QString &runId) const;
    // The declaration a live run is held to, or null.
    std::shared_ptr<const Declaration> declarationOf(const QString &runId) const;

Q_SIGNALS:
    void ready();
    void failed(const QString &message);
    void runStarted(const QString &runId, const QString &agent);
    void runStateChanged(const QString &runId, const QString &state, const QString &detail);
    // An action judged and committed to the store, with its verdict and the
    // judge's view of the run so far (Verdict/Judgement::toJson).
    void actionArrived(const QString &runId, const warden::Action &action, const nlohmann::json &verdict,
                       const nlohmann::json &judgement);
    void runEnded(const QString &runId, const QString &state, const QString &detail);

private:
    void launch(RunConfig config);

    QString m_storePath;
    std::unique_ptr<AuditStore> m_store;
    ApprovalQueue m_approvals;
    ControlServer *m_control = nullptr;
    int m_deadlineSeconds = 15 * 60;
    std::map<std::string, std::unique_ptr<LiveRun>> m_runs;
};

} // namespace warden::ui
