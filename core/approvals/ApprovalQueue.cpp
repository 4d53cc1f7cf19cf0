#include "core/approvals/ApprovalQueue.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

namespace warden {

ApprovalQueue::ApprovalQueue(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &ApprovalQueue::expireDue);
    m_timer->start();
}

std::string ApprovalQueue::newId() const
{
    static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    std::string id;
    do {
        id.clear();
        for (int i = 0; i < 6; ++i)
            id += alphabet[QRandomGenerator::system()->bounded(static_cast<int>(sizeof alphabet - 1))];
    } while (m_pending.contains(id) || m_closed.contains(id));
    return id;
}

std::string ApprovalQueue::runGrantKey(const ApprovalRequest &r)
{
    return r.runId + '\x1f' + r.tool + '\x1f' + r.params.dump();
}

void ApprovalQueue::submit(ApprovalRequest request, Resolution done)
{
    if (request.id.empty())
        request.id = newId();
    request.state = ApprovalState::Pending;
    if (m_runGrants.contains(runGrantKey(request))) {
        request.state = ApprovalState::Approved;
        request.reviewer = "approve-for-run";
        request.reason = "approved earlier for the rest of this run";
        request.forRun = true;
        m_closed[request.id] = request.state;
        done(request);
        Q_EMIT resolved(request);
        return;
    }
    const std::string id = request.id;
    m_pending[id] = Entry{request, std::move(done)};
    Q_EMIT requested(m_pending[id].request);
}

// By value on purpose (see the header): not a const reference into the entry deciding erases.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
Result<ApprovalRequest> ApprovalQueue::decide(std::string id, Choice choice, std::string reviewer, std::string reason)
{
    auto refuse = [&](const std::string &why) -> Result<ApprovalRequest> {
        Q_EMIT decisionRefused(QString::fromStdString(id), QString::fromStdString(why));
        return fail(why, "approval " + id);
    };
    if (auto closed = m_closed.find(id); closed != m_closed.end())
        return refuse(std::string("already ") + approvalStateName(closed->second) + "; a decision arrives once");
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return refuse("no pending request with this id");
    const ApprovalRequest &r = it->second.request;
    if (QDateTime::currentMSecsSinceEpoch() >= r.deadlineMs) {
        finish(id, ApprovalState::Expired, {}, "deadline passed before the decision", false);
        return refuse("too late: the deadline passed and the request expired");
    }
    if (!r.launcherMayDecide && !reviewer.empty() && reviewer == r.launcher)
        return refuse("the run's launcher may not approve its own requests");
    if (choice == Choice::Reject && reason.empty())
        return refuse("a rejection needs a reason for the agent");
    if (reviewer.empty())
        return refuse("a decision needs a reviewer name");
    ApprovalRequest copy = r;
    const bool forRun = choice == Choice::ApproveForRun;
    if (forRun)
        m_runGrants.insert(runGrantKey(copy));
    finish(id, choice == Choice::Reject ? ApprovalState::Rejected : ApprovalState::Approved, reviewer, reason, forRun);
    // `r` is gone with the entry; `copy` and the by-value arguments are not.
    copy.state = choice == Choice::Reject ? ApprovalState::Rejected : ApprovalState::Approved;
    copy.reviewer = reviewer;
    copy.reason = reason;
    copy.forRun = forRun;
    return copy;
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): by value, as decide()
void ApprovalQueue::finish(std::string id, ApprovalState state, std::string reviewer, std::string reason, bool forRun)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Entry entry = std::move(it->second);
    m_pending.erase(it);
    entry.request.state = state;
    entry.request.reviewer = std::move(reviewer);
    entry.request.reason = std::move(reason);
    entry.request.forRun = forRun;
    m_closed[id] = state;
    if (entry.done)
        entry.done(entry.request);
    Q_EMIT resolved(entry.request);
}

void ApprovalQueue::expireDue()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<std::string> due;
    for (const auto &[id, e] : m_pending)
        if (now >= e.request.deadlineMs)
            due.push_back(id);
    for (const auto &id : due)
        finish(id, ApprovalState::Expired, {}, "no decision before the deadline", false);
}

void ApprovalQueue::expireRun(const std::string &runId, const std::string &reason)
{
    std::vector<std::string> ids;
    for (const auto &[id, e] : m_pending)
        if (e.request.runId == runId)
            ids.push_back(id);
    for (const auto &id : ids)
        finish(id, ApprovalState::Expired, {}, reason, false);
}

std::vector<ApprovalRequest> ApprovalQueue::pending() const
{
    std::vector<ApprovalRequest> out;
    for (const auto &[id, e] : m_pending)
        out.push_back(e.request);
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.deadlineMs < b.deadlineMs; });
    return out;
}

} // namespace warden
