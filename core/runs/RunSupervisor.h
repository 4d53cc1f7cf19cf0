#pragma once

#include "core/approvals/ApprovalQueue.h"
#include "core/common/Error.h"
#include "core/host/HostEndpoint.h"
#include "core/policy/StoredVerdict.h"
#include "core/runs/RunConfig.h"
#include "core/runs/RunRecovery.h"
#include "core/store/AuditStore.h"

#include <QObject>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace warden {

struct Action;
class ControlServer;
class LiveRun;
class RemoteRunMirror;

// One warden's session of runs, whoever drives it (`wardenctl run`,
// `wardenctl serve` / warden-hostd, the console): the audit store with
// recovery from a warden that died, leftover containers swept, the approval
// queue served on the control socket, the live runs and the remote runs
// mirrored into the local store. Its clients only present what it reports.
class RunSupervisor : public QObject {
    Q_OBJECT
public:
    // The blocking half of opening, safe on a worker thread: the store
    // opened, an earlier warden's runs recovered, its containers removed.
    struct Opening {
        std::unique_ptr<AuditStore> store;
        RunRecovery::Outcome recovered;
        int containersRemoved = 0;
        std::vector<std::string> warnings; // nothing failed closed; worth telling
        // "recovered from an earlier crash: …", or empty when nothing was left.
        std::string recoverySummary() const;
    };
    static Result<Opening> prepare(const std::string &storePath);

    explicit RunSupervisor(QObject *parent = nullptr);
    ~RunSupervisor() override;

    // On this object's thread: takes the prepared store and, with
    // `serveControl`, answers `wardenctl approvals` on the control socket.
    // Returns what the opening could not do (added to its warnings).
    std::vector<std::string> adopt(Opening opening, bool serveControl = true);
    // prepare() on the thread pool, then adopt(): emits opened() or failed().
    void openAsync(const std::string &storePath);

    bool isOpen() const { return m_store != nullptr; }
    AuditStore *store() const { return m_store.get(); }
    ApprovalQueue &approvals() { return m_approvals; }
    const std::vector<std::string> &warnings() const { return m_warnings; }

    // Starts a live run here (sandbox from its host kind). The run belongs to
    // the supervisor and is deleted after it ends; callers hold it weakly.
    LiveRun *start(RunConfig config);
    // `build` runs on the thread pool (a declaration read, an image built),
    // then the run starts; an error comes back as failed().
    void startWhenBuilt(std::function<Result<RunConfig>()> build);
    // A run on a remote Warden host, mirrored into this store.
    void startRemote(const HostEndpoint &endpoint, nlohmann::json request);

    LiveRun *liveRun(const std::string &runId) const;
    int liveRuns() const { return static_cast<int>(m_runs.size()); }
    void killAll(const QString &why);
    // The judge's current view of a live run (local or remote), or empty.
    QString judgementOf(const QString &runId) const;
    // The declaration a live run (local or remote) is held to, or null.
    std::shared_ptr<const Declaration> declarationOf(const QString &runId) const;

Q_SIGNALS:
    void opened();
    void failed(const QString &message);
    // Local and remote runs alike, by run id.
    void runStarted(const QString &runId, const QString &agent);
    void runStateChanged(const QString &runId, const QString &state, const QString &detail);
    // An action judged and committed to the store, with its verdict and the
    // judge's view of the run so far (Verdict/Judgement::toJson).
    void actionArrived(const QString &runId, const warden::Action &action, const warden::StoredVerdict &verdict,
                       const nlohmann::json &judgement);
    void runEnded(const QString &runId, const QString &state, const QString &detail);
    // A line a live run's agent printed (canary values cut out).
    void agentOutput(const QString &runId, const QString &line);
    void liveRunsChanged(int liveRuns);

private:
    std::unique_ptr<AuditStore> m_store;
    ApprovalQueue m_approvals;
    ControlServer *m_control = nullptr;
    RemoteRunMirror *m_remote = nullptr;
    std::vector<std::string> m_warnings;
    std::map<std::string, std::unique_ptr<LiveRun>> m_runs;
};

} // namespace warden
