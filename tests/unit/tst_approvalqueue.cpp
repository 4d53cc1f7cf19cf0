#include "core/approvals/ApprovalQueue.h"
#include "support/TestSupport.h"

#include <QDateTime>

using namespace warden;

class TestApprovalQueue : public QObject {
    Q_OBJECT

    static ApprovalRequest request(const std::string &run = "run-1", int seconds = 60)
    {
        ApprovalRequest r;
        r.runId = run;
        r.agent = "kubesleuth";
        r.seq = 3;
        r.tool = "execute_kubernetes_command";
        r.params = {{"command", "kubectl rollout restart deployment/webapp"}};
        r.rule = "tools.execute_kubernetes_command.approval";
        r.requestedMs = QDateTime::currentMSecsSinceEpoch();
        r.deadlineMs = r.requestedMs + seconds * 1000;
        r.launcher = "alice";
        return r;
    }

private Q_SLOTS:
    // A reviewer that decides inside the `requested` signal passes the id of
    // the request it was handed, a reference into the queue that deciding
    // erases: a heap use-after-free the sanitized build found.
    void decidingFromTheRequestSignalIsSafe()
    {
        ApprovalQueue q;
        std::vector<ApprovalRequest> done;
        connect(&q, &ApprovalQueue::requested, this, [&](const ApprovalRequest &r) {
            QVERIFY(q.decide(r.id, ApprovalQueue::Choice::Reject, r.agent + "-reviewer", r.tool).has_value());
        });
        q.submit(request(), [&](const ApprovalRequest &r) { done.push_back(r); });
        QCOMPARE(done.size(), std::size_t(1));
        QCOMPARE(done[0].state, ApprovalState::Rejected);
        QCOMPARE(QByteArray::fromStdString(done[0].reviewer), QByteArray("kubesleuth-reviewer"));
        QCOMPARE(QByteArray::fromStdString(done[0].reason), QByteArray("execute_kubernetes_command"));
        QVERIFY(!q.decide(done[0].id, ApprovalQueue::Choice::Approve, "bob", "").has_value()); // once only
    }

    void approveOnce()
    {
        ApprovalQueue q;
        std::vector<ApprovalRequest> done;
        q.submit(request(), [&](const ApprovalRequest &r) { done.push_back(r); });
        QCOMPARE(q.pendingCount(), std::size_t(1));
        const std::string id = q.pending().front().id;
        auto r = q.decide(id, ApprovalQueue::Choice::Approve, "bob", "");
        QVERIFY(r.has_value());
        QCOMPARE(done.size(), std::size_t(1));
        QCOMPARE(done[0].state, ApprovalState::Approved);
        QCOMPARE(QByteArray::fromStdString(done[0].reviewer), QByteArray("bob"));
        QCOMPARE(q.pendingCount(), std::size_t(0));
        // The same request again asks again: approval was for once.
        q.submit(request(), [&](const ApprovalRequest &r2) { done.push_back(r2); });
        QCOMPARE(q.pendingCount(), std::size_t(1));
    }

    void approveForRunCoversTheSameRequestOnly()
    {
        ApprovalQueue q;
        std::vector<ApprovalRequest> done;
        q.submit(request(), [&](const ApprovalRequest &r) { done.push_back(r); });
        QVERIFY(q.decide(q.pending().front().id, ApprovalQueue::Choice::ApproveForRun, "bob", "").has_value());
        q.submit(request(), [&](const ApprovalRequest &r) { done.push_back(r); });
        QCOMPARE(done.size(), std::size_t(2));
        QCOMPARE(done[1].state, ApprovalState::Approved);
        QVERIFY(done[1].forRun);
        ApprovalRequest other = request();
        other.params = {{"command", "kubectl get pods"}};
        q.submit(other, [&](const ApprovalRequest &r) { done.push_back(r); });
        QCOMPARE(q.pendingCount(), std::size_t(1)); // different parameters: asks
        q.submit(request("run-2"), [&](const ApprovalRequest &r) { done.push_back(r); });
        QCOMPARE(q.pendingCount(), std::size_t(2)); // different run: asks
    }

    void rejectNeedsAReason()
    {
        ApprovalQueue q;
        ApprovalRequest seen;
        q.submit(request(), [&](const ApprovalRequest &r) { seen = r; });
        const std::string id = q.pending().front().id;
        QVERIFY(!q.decide(id, ApprovalQueue::Choice::Reject, "bob", "").has_value());
        auto r = q.decide(id, ApprovalQueue::Choice::Reject, "bob", "not during the freeze");
        QVERIFY(r.has_value());
        QCOMPARE(seen.state, ApprovalState::Rejected);
        QCOMPARE(QByteArray::fromStdString(seen.reason), QByteArray("not during the freeze"));
    }

    void aDecisionArrivesOnce()
    {
        ApprovalQueue q;
        QSignalSpy refused(&q, &ApprovalQueue::decisionRefused);
        int calls = 0;
        q.submit(request(), [&](const ApprovalRequest &) { ++calls; });
        const std::string id = q.pending().front().id;
        QVERIFY(q.decide(id, ApprovalQueue::Choice::Approve, "bob", "").has_value());
        auto again = q.decide(id, ApprovalQueue::Choice::Reject, "carol", "changed my mind");
        QVERIFY(!again.has_value());
        QVERIFY(QByteArray::fromStdString(again.error().message).contains("already approved"));
        QCOMPARE(calls, 1);
        QCOMPARE(refused.count(), 1);
        QVERIFY(!q.decide("nosuch", ApprovalQueue::Choice::Approve, "bob", "").has_value());
    }

    void silenceDenies()
    {
        ApprovalQueue q;
        ApprovalRequest seen;
        ApprovalRequest r = request();
        r.deadlineMs = QDateTime::currentMSecsSinceEpoch() + 300;
        q.submit(r, [&](const ApprovalRequest &x) { seen = x; });
        QTRY_COMPARE_WITH_TIMEOUT(seen.state, ApprovalState::Expired, 5000);
        QCOMPARE(q.pendingCount(), std::size_t(0));
        // A late decision is refused.
        QVERIFY(!q.decide(seen.id, ApprovalQueue::Choice::Approve, "bob", "").has_value());
    }

    void launcherMayBeBarred()
    {
        ApprovalQueue q;
        ApprovalRequest r = request();
        r.launcherMayDecide = false;
        q.submit(r, [](const ApprovalRequest &) {});
        const std::string id = q.pending().front().id;
        auto own = q.decide(id, ApprovalQueue::Choice::Approve, "alice", "");
        QVERIFY(!own.has_value());
        QVERIFY(QByteArray::fromStdString(own.error().message).contains("launcher"));
        QVERIFY(q.decide(id, ApprovalQueue::Choice::Approve, "bob", "").has_value());
    }

    void endingARunExpiresItsRequests()
    {
        ApprovalQueue q;
        std::vector<ApprovalState> states;
        q.submit(request("run-1"), [&](const ApprovalRequest &r) { states.push_back(r.state); });
        q.submit(request("run-2"), [&](const ApprovalRequest &r) { states.push_back(r.state); });
        q.expireRun("run-1", "run ended");
        QCOMPARE(states, std::vector<ApprovalState>{ApprovalState::Expired});
        QCOMPARE(q.pendingCount(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestApprovalQueue)
#include "tst_approvalqueue.moc"
