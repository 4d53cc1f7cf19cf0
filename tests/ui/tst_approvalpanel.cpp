// The approvals panel under real clicks and keys (offscreen): a decision
// applies only to the card the reviewer saw. On 5585575 a double-click on
// "Approve once" with two requests pending approved both, 117 ms apart: the
// second click landed on the next card as it moved into place. Also: the
// most urgent pending request is the one in front of the reviewer, expired
// cards sink and can be cleared, the keys are the ones the buttons show,
// and the reviewer is named once, by the person.
#include "core/approvals/ApprovalQueue.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"

#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestApprovalPanel : public QObject {
    Q_OBJECT

    struct Fixture {
        ApprovalQueue queue;
        ApprovalPanel panel{queue, QStringLiteral("Dana Reviewer")};
        std::vector<ApprovalRequest> decided;
        Fixture()
        {
            panel.resize(420, 640);
            panel.show();
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
        }
        std::string submit(const std::string &agent, std::int64_t secondsLeft)
        {
            ApprovalRequest r;
            r.runId = "run-" + agent;
            r.agent = agent;
            r.tool = "restart_service";
            r.requestedMs = QDateTime::currentMSecsSinceEpoch();
            r.deadlineMs = r.requestedMs + secondsLeft * 1000;
            queue.submit(r, [this](const ApprovalRequest &done) { decided.push_back(done); });
            return queue.pending().back().id;
        }
        QPushButton *button(const char *name) { return panel.findChild<QPushButton *>(QString::fromLatin1(name)); }
        QString shownAgent()
        {
            const auto *list = panel.findChild<QAbstractItemView *>(QStringLiteral("approvalList"));
            const ApprovalRequest *r = panel.model()->at(list->currentIndex().row());
            return r ? QString::fromStdString(r->agent) : QString();
        }
    };

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aDoubleClickDecidesOneRequest()
    {
        Fixture f;
        f.submit("kubesleuth", 120);
        f.submit("notes-bot", 300);
        QTRY_VERIFY(f.panel.acceptsDecision());
        QPushButton *approve = f.button("approveButton");
        QTest::mouseDClick(approve, Qt::LeftButton);
        QTest::mouseClick(approve, Qt::LeftButton); // and a third click, 50 ms later
        QTest::qWait(50);
        QCOMPARE(f.decided.size(), std::size_t{1});
        QCOMPARE(f.decided.front().agent, std::string("kubesleuth"));
        QCOMPARE(f.decided.front().reviewer, std::string("Dana Reviewer"));
        QCOMPARE(f.queue.pendingCount(), std::size_t{1});
        // The key meant for the card before is ignored too.
        QTest::keyClick(&f.panel, Qt::Key_A);
        QCOMPARE(f.decided.size(), std::size_t{1});
        // Once the next card has been in view a moment, it can be decided.
        QTRY_VERIFY(f.panel.acceptsDecision());
        QCOMPARE(f.shownAgent(), QStringLiteral("notes-bot"));
        QTest::keyClick(&f.panel, Qt::Key_A);
        QCOMPARE(f.decided.size(), std::size_t{2});
    }

    // A request that arrives with a nearer deadline comes to the front; an
    // expired one sinks below every pending one, and can be cleared.
    void theMostUrgentIsInFrontAndExpiredSink()
    {
        Fixture f;
        f.submit("slow", 600);
        QCOMPARE(f.shownAgent(), QStringLiteral("slow"));
        f.submit("soon", 2);
        QCOMPARE(f.shownAgent(), QStringLiteral("soon"));
        QPushButton *clear = f.button("clearExpiredButton");
        QVERIFY(clear && !clear->isVisible());
        // "soon" expires: the reviewer is now in front of "slow", and a new
        // request lands above the expired card, not behind it.
        QTRY_VERIFY_WITH_TIMEOUT(f.decided.size() == 1, 10000);
        QCOMPARE(f.shownAgent(), QStringLiteral("slow"));
        f.submit("new", 300); // nearer than "slow": it comes to the front
        QCOMPARE(f.shownAgent(), QStringLiteral("new"));
        QCOMPARE(f.panel.model()->rowCount(), 3);
        QCOMPARE(f.panel.model()->at(2)->agent, std::string("soon"));
        QCOMPARE(f.panel.model()->at(2)->state, ApprovalState::Expired);
        QVERIFY(clear->isVisible());
        QTest::mouseClick(clear, Qt::LeftButton);
        QCOMPARE(f.panel.model()->rowCount(), 2);
        QTRY_VERIFY(f.panel.acceptsDecision());
        QTest::keyClick(&f.panel, Qt::Key_A);
        QCOMPARE(f.decided.back().agent, std::string("new"));
    }

    // A dock narrowed to 250 px: a long tool name and rule wrap in the card
    // and the queue's line elides; nothing needs a sideways scroll bar.
    void aNarrowDockClipsNothing()
    {
        Fixture f;
        f.panel.resize(250, 640);
        ApprovalRequest r;
        r.runId = "run-k";
        r.agent = "kubesleuth";
        r.tool = "execute_kubernetes_command_against_the_production_cluster";
        r.rule = "tools.execute_kubernetes_command_against_the_production_cluster.approval";
        r.params = {{"command", "kubectl rollout restart deployment/webapp-with-a-rather-long-name-indeed"}};
        r.requestedMs = QDateTime::currentMSecsSinceEpoch();
        r.deadlineMs = r.requestedMs + 120'000;
        f.queue.submit(r, [](const ApprovalRequest &) {});
        QApplication::processEvents();
        for (auto *area : f.panel.findChildren<QAbstractScrollArea *>()) {
            if (!area->isVisible())
                continue;
            QVERIFY2(!area->horizontalScrollBar()->isVisible(),
                     qPrintable(area->objectName() + QLatin1String(" scrolls sideways")));
        }
        auto *list = f.panel.findChild<QAbstractItemView *>(QStringLiteral("approvalList"));
        QVERIFY(list->visualRect(list->currentIndex()).right() <= list->viewport()->width());
    }

    // The buttons show the keys that decide, in every language; no
    // mnemonic a translation could move to another letter.
    void theKeysAreTheOnesShown()
    {
        Fixture f;
        f.submit("kubesleuth", 120);
        QVERIFY(f.button("approveButton")->text().endsWith(QLatin1String("[A]")));
        QVERIFY(f.button("approveRunButton")->text().endsWith(QLatin1String("[R]")));
        QVERIFY(f.button("denyButton")->text().endsWith(QLatin1String("[D]")));
        for (const char *name : {"approveButton", "approveRunButton", "denyButton"})
            QVERIFY2(!f.button(name)->text().contains(QLatin1Char('&')), name);
    }

    // Nobody is named after a login: the person gives a name at their first
    // decision, and it stands on every one after.
    void theReviewerNamesThemselvesOnce()
    {
        ApprovalQueue queue;
        ApprovalPanel panel(queue, QString());
        panel.show();
        int asked = 0;
        std::optional<QString> answer; // cancelled first
        panel.setNamePrompt([&](QWidget *) {
            ++asked;
            return answer;
        });
        QSignalSpy chosen(&panel, &ApprovalPanel::reviewerChosen);
        std::vector<ApprovalRequest> decided;
        for (const char *agent : {"one", "two"}) {
            ApprovalRequest r;
            r.runId = std::string("run-") + agent;
            r.agent = agent;
            r.tool = "t";
            r.requestedMs = QDateTime::currentMSecsSinceEpoch();
            r.deadlineMs = r.requestedMs + 60'000;
            queue.submit(r, [&](const ApprovalRequest &d) { decided.push_back(d); });
        }
        auto *decidingAs = panel.findChild<QLabel *>(QStringLiteral("decidingAs"));
        QVERIFY(decidingAs->text().contains(QLatin1String("asked your name")));
        QTRY_VERIFY(panel.acceptsDecision());
        panel.approveCurrent(false);
        QCOMPARE(asked, 1);
        QVERIFY(decided.empty()); // no name, no decision
        answer = QStringLiteral("  Sam Okafor ");
        panel.approveCurrent(false);
        QCOMPARE(asked, 2);
        QCOMPARE(decided.size(), std::size_t{1});
        QCOMPARE(decided.back().reviewer, std::string("Sam Okafor"));
        QCOMPARE(chosen.count(), 1);
        QVERIFY(decidingAs->text().contains(QLatin1String("Sam Okafor")));
        QTRY_VERIFY(panel.acceptsDecision());
        panel.approveCurrent(false);
        QCOMPARE(asked, 2); // asked once
        QCOMPARE(decided.back().reviewer, std::string("Sam Okafor"));
    }
};

QTEST_MAIN(TestApprovalPanel)
#include "tst_approvalpanel.moc"
