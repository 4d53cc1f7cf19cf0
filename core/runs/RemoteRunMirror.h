#pragma once

#include "core/host/HostEndpoint.h"
#include "core/policy/Declaration.h"
#include "core/policy/StoredVerdict.h"

#include <QObject>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace warden {
struct Action;
class ApprovalQueue;
class AuditStore;
class HostClient;
struct AuditRecord;
class RunSupervisor;

// Runs on a remote Warden host, seen from the console. The host runs,
// judges and records them; the console keeps a mirror in its own store (same
// run id, source "remote:URL": every action, verdict, judgement and approval
// as the host sent it, checked, in the console's own chain) so the Runs
// screen, search and reports work as for local runs. The host's approval
// requests join the console's queue: a reviewer's decision here is sent to
// the host, and one taken on the host closes the card here. Signals match
// RunSupervisor's, which forwards them.
class RemoteRunMirror : public QObject {
    Q_OBJECT
public:
    RemoteRunMirror(RunSupervisor &local, QObject *parent = nullptr);
    ~RemoteRunMirror() override;

    // `request`: the host's run request ({"demo": ...} or {"declaration", "argv"}).
    void start(const HostEndpoint &endpoint, nlohmann::json request);
    // The host's latest judgement of a live remote run, for approval cards; empty when unknown.
    QString judgementOf(const QString &runId) const;
    // The declaration the host holds a remote run to, or null.
    std::shared_ptr<const Declaration> declarationOf(const QString &runId) const;

Q_SIGNALS:
    void runStarted(const QString &runId, const QString &agent);
    void runStateChanged(const QString &runId, const QString &state, const QString &detail);
    void actionArrived(const QString &runId, const warden::Action &action, const warden::StoredVerdict &verdict,
                       const nlohmann::json &judgement);
    void runEnded(const QString &runId, const QString &state, const QString &detail);
    void failed(const QString &message);

private:
    struct Remote {
        HostEndpoint endpoint;
        std::string runId;
        std::string lastJudgement;
        std::int64_t lastSeq = 0;
        bool ended = false;
    };
    void onMessage(HostClient *client, const nlohmann::json &message);
    void onLost(HostClient *client, const QString &why);
    void onApproval(Remote &remote, const nlohmann::json &request);
    void onResolved(Remote &remote, const nlohmann::json &request);
    void end(HostClient *client, const std::string &state, const std::string &detail);
    // Commits `records`, then runs `then` on this thread (if still here).
    void record(std::vector<AuditRecord> records, std::function<void()> then);

    RunSupervisor &m_local;
    std::map<HostClient *, Remote> m_runs;
    std::set<std::string> m_settled;                    // approval ids the host closed, not to be sent back
    std::map<std::string, nlohmann::json> m_judgements; // run id -> the host's latest judgement
    std::map<std::string, std::shared_ptr<const Declaration>> m_declarations; // run id -> as the host sent it
};

} // namespace warden
