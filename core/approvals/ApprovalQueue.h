#pragma once

#include "core/approvals/ApprovalRequest.h"
#include "core/common/Error.h"

#include <QObject>

#include <functional>
#include <map>
#include <set>

class QTimer;

namespace warden {

// Privileged requests waiting for reviewers, across runs. A request is
// decided exactly once: approve once, approve for the rest of its run (the
// same tool with the same parameters then passes without asking), or reject
// with a reason. At its deadline it expires, which denies. Duplicate and late
// decisions are refused (and reported, so they can be recorded).
class ApprovalQueue : public QObject {
    Q_OBJECT
public:
    using Resolution = std::function<void(const ApprovalRequest &)>;

    explicit ApprovalQueue(QObject *parent = nullptr);

    // Queues `request` (state Pending; id assigned if empty) unless an earlier
    // approve-for-run covers it, in which case it resolves approved at once.
    // `done` runs once, when the request is decided or expires.
    void submit(ApprovalRequest request, Resolution done);

    // What a reviewer chose (not the policy's warden::Verdict).
    enum class Choice { Approve, ApproveForRun, Reject };
    // By value: a caller may pass fields of the request it was handed (a
    // reference into this queue), which deciding erases.
    Result<ApprovalRequest> decide(std::string id, Choice choice, std::string reviewer, std::string reason);

    // Closes a pending request that was decided elsewhere (by the remote
    // Warden host that owns it): no verdict is taken here, and it is not
    // refused as a duplicate later.
    void settle(std::string id, ApprovalState state, const std::string &reviewer, const std::string &reason,
                bool forRun)
    {
        finish(std::move(id), state, reviewer, reason, forRun);
    }
    bool isPending(const std::string &id) const { return m_pending.contains(id); }

    // Expires every pending request of a run (the run ended or was killed).
    void expireRun(const std::string &runId, const std::string &reason);

    std::vector<ApprovalRequest> pending() const;
    std::size_t pendingCount() const { return m_pending.size(); }

Q_SIGNALS:
    void requested(const warden::ApprovalRequest &request);
    void resolved(const warden::ApprovalRequest &request);
    void decisionRefused(const QString &approvalId, const QString &why);

private:
    struct Entry {
        ApprovalRequest request;
        Resolution done;
    };
    // By value: the arguments may be references into the entry it erases.
    void finish(std::string id, ApprovalState state, std::string reviewer, std::string reason, bool forRun);
    void expireDue();
    std::string newId() const;
    static std::string runGrantKey(const ApprovalRequest &r);

    std::map<std::string, Entry> m_pending;
    std::map<std::string, ApprovalState> m_closed; // decided ids, to refuse duplicates
    std::set<std::string> m_runGrants;             // runId + tool + params approved for the run
    QTimer *m_timer;
};

} // namespace warden
