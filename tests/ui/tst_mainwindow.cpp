// The console's flows, driven like a reviewer would, under the offscreen
// platform: a replayed run, a live kubesleuth run in real bubblewrap with its
// approval decided from the keyboard, and a denial with a reason.
#include "MainWindow.h"
#include "approvals/ApprovalPanel.h"
#include "approvals/ApprovalQueueModel.h"
#include "live/LiveRunController.h"
#include "run/ActionTableModel.h"
#include "run/JudgementBanner.h"
#include "runs/RunListModel.h"
#include "scenarios/ResourcePaths.h"
#include "store/RunReader.h"
#include "store/SqliteConnection.h"
#include "store/SqliteStatement.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        // Resolve the sandbox image before test mode moves the cache directories.
        if (auto image = ResourcePaths::imageRoot(); image && qEnvironmentVariableIsEmpty("WARDEN_IMAGE_DIR"))
            qputenv("WARDEN_IMAGE_DIR", QByteArray::fromStdString(*image));
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void replayedRunIsShown()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("replay.db")));
        QAbstractItemModelTester runsTester(w.runModel());
        QAbstractItemModelTester actionsTester(w.actionModel());
        QAbstractItemModelTester approvalsTester(w.approvalPanel()->model());
        w.show();
        QSignalSpy shown(&w, &MainWindow::runShown);
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(w.actionModel()->rowCount(), 10);
        QVERIFY(w.banner()->text().startsWith(QLatin1String("MALICIOUS")));
        QCOMPARE(w.runModel()->rowCount(), 1);
        // Filtering the table narrows it to the denials.
        auto *search = w.findChild<QLineEdit *>(QStringLiteral("actionSearch"));
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("undeclared"));
        auto *view = w.findChild<QTableView *>(QStringLiteral("actionView"));
        QCOMPARE(view->model()->rowCount(), 5);
    }

    void liveRunApprovedFromTheKeyboard()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("live.db"));
        MainWindow w(db);
        w.show();
        QAbstractItemModelTester approvalsTester(w.approvalPanel()->model());
        QString runId;
        QString endState;
        connect(w.live(), &LiveRunController::runStarted, this, [&](const QString &id) { runId = id; });
        connect(w.live(), &LiveRunController::runEnded, this,
                [&](const QString &, const QString &state) { endState = state; });
        w.startLiveDemo(QStringLiteral("kubesleuth"));
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        QVERIFY(w.windowTitle().contains(QLatin1String("1 approval")));
        // Looking at it changes nothing.
        QTest::qWait(300);
        QCOMPARE(model->pendingCount(), 1);
        w.approvalPanel()->activateWindow();
        w.approvalPanel()->setFocus();
        QTest::keyClick(w.approvalPanel(), Qt::Key_A);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);
        auto run = RunReader::open(db.toStdString())->loadRun(runId.toStdString());
        QVERIFY(run.has_value());
        QCOMPARE(QByteArray::fromStdString(run->summary.state), QByteArray("finished"));
        // The approved restart was executed by the warden (the stand-in cluster answered).
        QVERIFY(run->actions.size() >= 4);
    }

    void liveRunDeniedWithAReason()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("deny.db"));
        MainWindow w(db);
        w.show();
        w.approvalPanel()->setReasonPrompt([](QWidget *) { return std::optional<QString>(QStringLiteral("change freeze")); });
        QString endState;
        connect(w.live(), &LiveRunController::runEnded, this,
                [&](const QString &, const QString &state) { endState = state; });
        w.startLiveDemo(QStringLiteral("kubesleuth"));
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        auto *deny = w.findChild<QPushButton *>(QStringLiteral("denyButton"));
        QVERIFY(deny && deny->isEnabled());
        QTest::mouseClick(deny, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);
        // The agent was told the reviewer's reason, and that answer is on record.
        auto conn = SqliteConnection::open(db.toStdString(), SqliteConnection::Mode::ReadOnly);
        QVERIFY(conn.has_value());
        auto stmt = conn->prepare("SELECT payload FROM audit WHERE type = 'response' AND payload LIKE '%rejected%'");
        QVERIFY(stmt.has_value());
        auto row = stmt->step();
        QVERIFY(row && *row);
        QVERIFY(QByteArray::fromStdString(std::string(stmt->columnText(0))).contains("change freeze"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
