// The runs list on its own: a search that hides the open run opens the
// first match (or none), and clearing it keeps the run that is on screen.
#include "core/scenarios/ExampleReplay.h"
#include "core/store/AuditStore.h"
#include "ui/runs/RunListModel.h"
#include "ui/runs/RunsPane.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestRunsPane : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_codeBot;
    QString m_kube;

private Q_SLOTS:
    void initTestCase()
    {
        m_db = m_dir.filePath(QStringLiteral("runs.db"));
        auto store = AuditStore::open(m_db.toStdString());
        QVERIFY(store.has_value());
        auto codeBot = ExampleReplay::record("code-bot", **store);
        auto kube = ExampleReplay::record("kubesleuth", **store);
        QVERIFY(codeBot && kube);
        m_codeBot = QString::fromStdString(*codeBot);
        m_kube = QString::fromStdString(*kube);
    }

    void theListedRunIsTheRunOnScreen()
    {
        RunsPane pane(m_db);
        QAbstractItemModelTester tester(pane.model());
        QSignalSpy chosen(&pane, &RunsPane::runChosen);
        QSignalSpy loaded(&pane, &RunsPane::loaded);
        QSignalSpy none(&pane, &RunsPane::nothingToShow);
        pane.selectRun(m_codeBot);
        pane.reload();
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(pane.model()->rowCount(), 2);
        QCOMPARE(chosen.last().at(0).toString(), m_codeBot);
        pane.setShownRun(m_codeBot);

        // A search that leaves the open run out opens the first match.
        pane.search(QStringLiteral("kubectl"));
        QTRY_COMPARE(loaded.count(), 2);
        QCOMPARE(pane.model()->rowCount(), 1);
        QCOMPARE(chosen.last().at(0).toString(), m_kube);
        pane.setShownRun(m_kube); // the view opened it

        // Clearing the search keeps it: no other run is opened.
        const qsizetype before = chosen.count();
        pane.search(QString());
        QTRY_COMPARE(loaded.count(), 3);
        QCOMPARE(pane.model()->rowCount(), 2);
        for (qsizetype i = before; i < chosen.count(); ++i)
            QCOMPARE(chosen.at(i).at(0).toString(), m_kube);
        QCOMPARE(pane.model()->runAt(pane.view()->currentIndex().row())->runId, m_kube.toStdString());

        // Nothing matches: the view is told to show nothing, not the old run.
        pane.search(QStringLiteral("no run mentions this"));
        QTRY_COMPARE(loaded.count(), 4);
        QCOMPARE(pane.model()->rowCount(), 0);
        QCOMPARE(none.count(), 1);
    }

    void anAgentIsPickedOnceItIsListed()
    {
        RunsPane pane(m_db);
        QSignalSpy loaded(&pane, &RunsPane::loaded);
        pane.showAgent(QStringLiteral("kubesleuth"), true);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(pane.pickedAgent(), QStringLiteral("kubesleuth"));
        QVERIFY(pane.agentTimelineWanted());
        QCOMPARE(pane.model()->rowCount(), 1);
        QCOMPARE(loaded.last().at(0).toInt(), 1);
    }

    // At 1024x700 the runs list is about 210 px wide: what tells runs apart
    // (the agent and its judgement) is on screen without scrolling.
    void aNarrowListShowsTheAgentAndItsJudgement()
    {
        RunsPane pane(m_db);
        pane.resize(210, 500);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QSignalSpy loaded(&pane, &RunsPane::loaded);
        pane.reload();
        QTRY_COMPARE(loaded.count(), 1);
        auto *view = pane.findChild<QTableView *>(QStringLiteral("runView"));
        QVERIFY(view);
        const int row = pane.model()->rowOf(m_codeBot);
        QVERIFY(row >= 0);
        for (int column : {RunListModel::Agent, RunListModel::Judgement}) {
            const QRect cell = view->visualRect(pane.model()->index(row, column));
            QVERIFY2(cell.isValid() && cell.right() <= view->viewport()->width(),
                     qPrintable(QStringLiteral("column %1 ends at %2 of %3")
                                    .arg(column)
                                    .arg(cell.right())
                                    .arg(view->viewport()->width())));
        }
        QVERIFY(pane.model()->index(row, RunListModel::Judgement).data().toString().contains(QLatin1String("0.")));
    }
};

QTEST_MAIN(TestRunsPane)
#include "tst_runspane.moc"
