// The console's flows, driven like a reviewer would, under the offscreen
// platform: a replayed run, a live kubesleuth run in real bubblewrap with its
// approval decided from the keyboard, and a denial with a reason.
#include "core/common/ResourcePaths.h"
#include "core/policy/Declaration.h"
#include "core/policy/PolicyEngine.h"
#include "core/policy/RequestComparison.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/RunReader.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "support/RunWatch.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/run/ActionDetailPane.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"
#include "ui/run/RunView.h"
#include "ui/runs/RunListModel.h"
#include "ui/settings/InterfaceLanguage.h"
#include "ui/timeline/TimelineChart.h"

#include <QAbstractItemModelTester>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <set>
#include <tuple>

using namespace warden;
using namespace warden::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // A live kubesleuth run in real bubblewrap, followed from start to end.
    void startKubesleuth(MainWindow &w, test::RunWatch &watch)
    {
        watch.follow(*w.supervisor(), &w);
        w.startLiveDemo(QStringLiteral("kubesleuth"));
    }
    // Exports the open run's incident report to BASE and waits for it: the
    // HTML file's text (empty when none was written) and the PDF's path.
    static QByteArray exportedReport(MainWindow &w, const QString &base, QString *pdf = nullptr)
    {
        QSignalSpy reported(&w, &MainWindow::reportExported);
        w.exportReport(base);
        if (reported.isEmpty() && !reported.wait(20000))
            return {};
        if (pdf)
            *pdf = reported.at(0).at(1).toString();
        QFile html(reported.at(0).at(0).toString());
        return html.open(QIODevice::ReadOnly) ? html.readAll() : QByteArray();
    }
    // The reviewer's keyboard: A approves the request in front of them.
    // A reviewer reading the action table presses A: the shortcut works from
    // anywhere in the window, not only from the approvals list.
    static void approveFromKeyboard(MainWindow &w)
    {
        auto *table = w.findChild<QTableView *>(QStringLiteral("actionView"));
        QVERIFY(table);
        // The reviewer has named themselves; the card has been in view a moment.
        w.approvalPanel()->setReviewer(QStringLiteral("test reviewer"));
        QTRY_VERIFY(w.approvalPanel()->acceptsDecision());
        w.activateWindow();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A);
    }

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
        QTRY_COMPARE(view->model()->rowCount(), 5);
        // Any stored text matches, ignoring case: the same rows as the parsed actions that mention it.
        int mentions = 0;
        for (int row = 0; row < w.actionModel()->rowCount(); ++row)
            mentions += w.actionModel()
                            ->index(row, 0)
                            .data(ActionTableModel::ActionJsonRole)
                            .toString()
                            .contains(QLatin1String("attacker.example"));
        QVERIFY(mentions > 0 && mentions < 10);
        search->clear();
        QTest::keyClicks(search, QStringLiteral("ATTACKER.Example"));
        QTRY_COMPARE(view->model()->rowCount(), mentions);
        search->clear();
        QTRY_COMPARE(view->model()->rowCount(), 10);
        // Sorting by decision groups them, ties in sequence order.
        view->sortByColumn(ActionTableModel::Decision, Qt::AscendingOrder);
        for (int row = 1; row < 10; ++row) {
            const QModelIndex a = view->model()->index(row - 1, ActionTableModel::Decision);
            const QModelIndex b = view->model()->index(row, ActionTableModel::Decision);
            QVERIFY(a.data().toString() <= b.data().toString());
            if (a.data() == b.data())
                QVERIFY(a.data(ActionTableModel::SeqRole).toLongLong() <
                        b.data(ActionTableModel::SeqRole).toLongLong());
        }
        view->sortByColumn(ActionTableModel::Seq, Qt::AscendingOrder);
        QCOMPARE(view->model()->index(0, 0).data(ActionTableModel::SeqRole).toLongLong(), 1);
    }

    void investigateAStoredRun()
    {
        const QString db = m_dir.filePath(QStringLiteral("investigate.db"));
        MainWindow w(db);
        QStringList notices;
        w.setNotifier([&](QWidget *, const QString &, const QString &text, bool) { notices << text; });
        w.setFileChooser([](QWidget *, const QString &, const QString &, const QString &) { return QString(); });
        w.show();
        QSignalSpy shown(&w, &MainWindow::runShown);
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        w.recordExample(QStringLiteral("kubesleuth"));
        QTRY_COMPARE_WITH_TIMEOUT(w.runModel()->rowCount(), 2, 20000);

        // Search reaches into the records of every run, not just the list's columns.
        QSignalSpy loaded(&w, &MainWindow::runsLoaded);
        w.searchRuns(QStringLiteral("ATTACKER.example"));
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().at(0).toInt() == 1, 10000);
        QCOMPARE(w.runModel()->data(w.runModel()->index(0, RunListModel::Agent)).toString(),
                 QStringLiteral("code-bot"));
        w.searchRuns(QStringLiteral("no run mentions this"));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.last().at(0).toInt() == 0, 10000);
        w.searchRuns(QString());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.last().at(0).toInt() == 2, 10000);

        // Agents: pick one and only its runs are listed; the picker counts them.
        auto *agents = w.findChild<QComboBox *>(QStringLiteral("agentFilter"));
        QVERIFY(agents);
        const int kube = agents->findData(QStringLiteral("kubesleuth"));
        QVERIFY(kube > 0);
        QVERIFY(agents->itemText(kube).contains(QLatin1String("1 run")));
        QVERIFY(agents->itemText(kube).contains(QLatin1String("malicious")));
        agents->setCurrentIndex(kube);
        Q_EMIT agents->activated(kube);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.last().at(0).toInt() == 1, 10000);
        QCOMPARE(w.runModel()->data(w.runModel()->index(0, RunListModel::Agent)).toString(),
                 QStringLiteral("kubesleuth"));
        agents->setCurrentIndex(0);
        Q_EMIT agents->activated(0);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.last().at(0).toInt() == 2, 10000);

        // The declaration tab reads like a summary, then the file as declared.
        w.selectRun(w.runModel()->data(w.runModel()->index(1, 0), RunListModel::RunIdRole).toString());
        QTRY_VERIFY_WITH_TIMEOUT(w.actionModel()->run().summary.agent == "code-bot", 10000);
        auto *declaration = w.findChild<QPlainTextEdit *>(QStringLiteral("declarationView"));
        QVERIFY(declaration);
        QTRY_VERIFY_WITH_TIMEOUT(declaration->toPlainText().contains(QLatin1String("Network")), 5000);
        QVERIFY(declaration->toPlainText().contains(QLatin1String("\"agent\": \"code-bot\"")));

        QSignalSpy verified(&w, &MainWindow::chainVerified);
        w.verifyChain();
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 1, 10000);
        QVERIFY(verified.at(0).at(0).toBool());
        QVERIFY(notices.last().contains(QLatin1String("intact")));

        // Exports: the JSONL trace, and the report as HTML and PDF.
        QSignalSpy traced(&w, &MainWindow::traceExported);
        const QString trace = m_dir.filePath(QStringLiteral("code-bot.jsonl"));
        w.exportTrace(trace);
        QTRY_COMPARE_WITH_TIMEOUT(traced.count(), 1, 10000);
        QCOMPARE(traced.at(0).at(1).toLongLong(), 10);
        QFile traceFile(trace);
        QVERIFY(traceFile.open(QIODevice::ReadOnly));
        QCOMPARE(traceFile.readAll().count('\n'), 10);

        QString pdfPath;
        const QByteArray page = exportedReport(w, m_dir.filePath(QStringLiteral("code-bot-report")), &pdfPath);
        QVERIFY(!page.isEmpty());
        QVERIFY(page.contains("malicious"));
        QVERIFY(page.contains(QByteArray::fromStdString(w.actionModel()->run().summary.declarationSha256)));
        QVERIFY(page.contains("attacker.example"));
        QVERIFY(page.contains("data:image/png;base64,"));
        QVERIFY(page.contains("intact"));
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(pdf.size() > 10000);

        // A cancelled file picker writes nothing and says nothing.
        QSignalSpy reported(&w, &MainWindow::reportExported);
        w.exportReport();
        QTest::qWait(200);
        QCOMPARE(reported.count(), 0);

        // Tampering shows: one edited record breaks the chain where it was edited.
        {
            auto conn = SqliteConnection::open(db.toStdString(), SqliteConnection::Mode::ReadWrite);
            QVERIFY(conn.has_value());
            QVERIFY(conn->exec("DROP TRIGGER audit_no_update").has_value());
            QVERIFY(conn->exec("UPDATE audit SET payload = payload || ' ' WHERE id = 5").has_value());
        }
        w.verifyChain();
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 2, 10000);
        QVERIFY(!verified.at(1).at(0).toBool());
        QVERIFY2(verified.at(1).at(1).toString().contains(QLatin1String("record 5")),
                 qPrintable(verified.at(1).at(1).toString()));
    }

    void agentTimelineAcrossRuns()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("agent.db")));
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::runShown);
        // Two code-bot runs a moment apart, and another agent's run.
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QTest::qWait(20); // distinct start times
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_COMPARE_WITH_TIMEOUT(w.runModel()->rowCount(), 2, 20000);
        w.recordExample(QStringLiteral("kubesleuth"));
        QTRY_COMPARE_WITH_TIMEOUT(w.runModel()->rowCount(), 3, 20000);
        auto *box = w.findChild<QCheckBox *>(QStringLiteral("agentTimeline"));
        QVERIFY(box);
        QVERIFY(!box->isEnabled()); // no agent picked yet

        // The agent's runs on one timeline, oldest first, one band each.
        QSignalSpy laidOut(&w, &MainWindow::agentTimelineShown);
        w.showAgent(QStringLiteral("code-bot"));
        QTRY_COMPARE_WITH_TIMEOUT(laidOut.count(), 1, 20000);
        QCOMPARE(laidOut.at(0).at(0).toInt(), 2);
        QCOMPARE(laidOut.at(0).at(1).toLongLong(), 20);
        QVERIFY(box->isEnabled() && box->isChecked());
        QCOMPARE(w.runModel()->rowCount(), 2);
        TimelineChart *timeline = w.timeline();
        QVERIFY(timeline->showsSeveralRuns());
        const auto &bands = timeline->layout().bands();
        const QString older = w.runModel()->index(1, 0).data(RunListModel::RunIdRole).toString();
        const QString newer = w.runModel()->index(0, 0).data(RunListModel::RunIdRole).toString();
        QCOMPARE(bands.at(0).runId, older);
        QCOMPARE(bands.at(1).runId, newer);
        QCOMPARE(timeline->totalPoints(), std::size_t(20));
        // Drawn: every distinct spot (two code-bot actions share a second, lane and decision).
        std::set<std::tuple<double, bool, int>> spots;
        for (const auto &p : timeline->layout().points())
            spots.insert({p.x, p.declared, p.decision});
        QCOMPARE(spots.size(), std::size_t(18));
        QTRY_COMPARE_WITH_TIMEOUT(timeline->drawnPoints(), 18, 5000);

        // Opening the other run keeps the agent's timeline; its band lights up.
        w.selectRun(older);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(w.actionModel()->run().summary.runId), older, 10000);
        QVERIFY(timeline->showsSeveralRuns());
        QCOMPARE(timeline->totalPoints(), std::size_t(20));

        // A click on a point of the newer run opens that run at that action.
        auto *chartView = timeline->findChild<QChartView *>();
        QVERIFY(chartView);
        const TimelinePoint *target = nullptr;
        for (const auto &p : timeline->layout().points())
            if (p.band == 1 && p.seq == 7)
                target = &p;
        QVERIFY(target);
        const QPointF at = chartView->chart()->mapToPosition(QPointF(target->x, target->declared ? 1 : 0));
        QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, chartView->mapFromScene(at));
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(w.actionModel()->run().summary.runId), newer, 10000);
        auto *view = w.findChild<QTableView *>(QStringLiteral("actionView"));
        QTRY_COMPARE_WITH_TIMEOUT(view->currentIndex().data(ActionTableModel::SeqRole).toLongLong(), 7, 5000);
        auto *detail = w.findChild<QPlainTextEdit *>(QStringLiteral("actionDetail"));
        QVERIFY(!detail->toPlainText().isEmpty());

        // A click on the older run's band, away from its points, opens it.
        const TimelineBand &first = timeline->layout().bands().at(0);
        const QPointF empty = chartView->chart()->mapToPosition(QPointF((first.from + first.to) / 2, 1.45));
        QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, chartView->mapFromScene(empty));
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(w.actionModel()->run().summary.runId), older, 10000);

        // The report is still about the open run alone.
        const QByteArray page = exportedReport(w, m_dir.filePath(QStringLiteral("agent-report")));
        QVERIFY(!page.isEmpty());
        QVERIFY(page.contains(older.toUtf8()));
        QVERIFY(!page.contains(newer.toUtf8()));

        // A third run of the agent joins the timeline with the next list refresh.
        w.recordExample(QStringLiteral("code-bot"));
        QTRY_COMPARE_WITH_TIMEOUT(laidOut.count(), 2, 20000);
        QCOMPARE(laidOut.at(1).at(0).toInt(), 3);
        QCOMPARE(timeline->layout().bands().size(), std::size_t(3));

        // Off: the open run alone, at its own scale.
        box->setChecked(false);
        QVERIFY(!timeline->showsSeveralRuns());
        QCOMPARE(timeline->totalPoints(), std::size_t(10));
        QCOMPARE(timeline->layout().bands().at(0).runId, QString::fromStdString(w.actionModel()->run().summary.runId));
    }

    void customRunFromTheConsole()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString declaration = m_dir.filePath(QStringLiteral("greeter.json"));
        test::writeFile(declaration, test::kGreeterDeclaration);
        const QString db = m_dir.filePath(QStringLiteral("custom.db"));
        MainWindow w(db);
        QSignalSpy ready(w.supervisor(), &RunSupervisor::opened); // the store opens on a worker
        w.show();
        QString endState;
        connect(w.supervisor(), &RunSupervisor::runEnded, this,
                [&](const QString &, const QString &state) { endState = state; });
        // The agent asks for its declared tool, then for one it never declared.
        w.setCustomRunPrompt(
            [&](QWidget *, const CustomLaunch *previous, const QString &) -> std::optional<CustomLaunch> {
                if (previous)
                    return std::nullopt; // the problem is shown; the person cancels
                CustomLaunch launch;
                launch.declarationFile = declaration;
                launch.argv = test::greeterCommand();
                return std::optional<CustomLaunch>(launch);
            });
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        w.startCustomRun();
        QTRY_COMPARE_WITH_TIMEOUT(endState, QStringLiteral("finished"), 60000);
        // First the run's own command, seen by the syscall supervisor; then the two requests.
        QTRY_COMPARE_WITH_TIMEOUT(w.actionModel()->rowCount(), 3, 10000);
        QCOMPARE(w.actionModel()->run().summary.agent, std::string("greeter"));
        QCOMPARE(w.actionModel()->decisionAt(0), std::string("allow"));
        QCOMPARE(w.actionModel()->decisionAt(1), std::string("allow"));
        QCOMPARE(w.actionModel()->decisionAt(2), std::string("deny"));

        // A declaration with a mistake is refused with its line, and nothing runs.
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        test::writeFile(bad, test::kDeclarationWithAMistake);
        QSignalSpy failed(&w, &MainWindow::failed);
        // The dialog comes back with what was typed and the problem in it.
        QString problemShown, fileKept;
        w.setCustomRunPrompt(
            [&](QWidget *, const CustomLaunch *previous, const QString &problem) -> std::optional<CustomLaunch> {
                if (previous) {
                    problemShown = problem;
                    fileKept = previous->declarationFile;
                    return std::nullopt; // the person cancels
                }
                CustomLaunch launch;
                launch.declarationFile = bad;
                launch.argv = {QStringLiteral("true")};
                return std::optional<CustomLaunch>(launch);
            });
        w.startCustomRun();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY2(failed.last().at(0).toString().contains(QLatin1String("bad.json:4")),
                 qPrintable(failed.last().at(0).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!problemShown.isEmpty(), 5000);
        QVERIFY2(problemShown.contains(QLatin1String("bad.json:4")), qPrintable(problemShown));
        QCOMPARE(fileKept, bad);
    }

    void liveRunApprovedFromTheKeyboard()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("live.db"));
        MainWindow w(db);
        w.show();
        QAbstractItemModelTester approvalsTester(w.approvalPanel()->model());
        test::RunWatch watch;
        startKubesleuth(w, watch);
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        QVERIFY(w.windowTitle().contains(QLatin1String("1 approval")));
        // The actions arrived live, each on the timeline and in the table, without a reload.
        // (the run's command, then three requests)
        QTRY_COMPARE_WITH_TIMEOUT(w.actionModel()->rowCount(), 4, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(w.timeline()->totalPoints(), std::size_t(4), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(w.timeline()->drawnPoints() == 4, 5000);
        QVERIFY(w.banner()->text().startsWith(QLatin1String("MALICIOUS")));
        // The card sets the command beside the declaration: the pattern it meets,
        // and the deployment name (what the glob left to the agent) highlighted alone.
        auto *comparison = w.findChild<QLabel *>(QStringLiteral("approvalComparison"));
        QVERIFY(comparison);
        const QString compared = comparison->text();
        QVERIFY2(compared.contains(
                     QLatin1String("declared: command allowed as &quot;kubectl rollout restart deployment/*&quot;")),
                 qPrintable(compared));
        QVERIFY2(compared.contains(
                     QLatin1String("kubectl rollout restart deployment/<span style=\"background-color:#fde68a; "
                                   "color:#1f2937\">webapp</span>")),
                 qPrintable(compared));
        QVERIFY(compared.contains(QStringLiteral("✓")));
        QVERIFY(!compared.contains(QStringLiteral("✗")));
        // Looking at it changes nothing.
        QTest::qWait(300);
        QCOMPARE(model->pendingCount(), 1);
        approveFromKeyboard(w);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(watch.endState, QStringLiteral("finished"), 60000);
        auto run = RunReader::open(db.toStdString())->loadRun(watch.runId.toStdString());
        QVERIFY(run.has_value());
        QCOMPARE(QByteArray::fromStdString(run->summary.state), QByteArray("finished"));
        // The approved restart was executed by the warden (the stand-in cluster answered).
        QVERIFY(run->actions.size() >= 4);
        // The waiting action now reads as approved, in the table and on the timeline's legend.
        const int row = w.actionModel()->rowOfSeq(4);
        QVERIFY(row >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(w.actionModel()->index(row, ActionTableModel::Decision).data().toString(),
                                  QStringLiteral("approved"), 5000);
    }

    void agentTimelineFollowsALiveRun()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("agent-live.db"));
        MainWindow w(db);
        w.resize(1400, 900);
        w.show();
        QSignalSpy shown(&w, &MainWindow::runShown);
        w.recordExample(QStringLiteral("kubesleuth")); // yesterday's run, say
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QSignalSpy laidOut(&w, &MainWindow::agentTimelineShown);
        w.showAgent(QStringLiteral("kubesleuth"));
        QTRY_COMPARE_WITH_TIMEOUT(laidOut.count(), 1, 20000);
        QCOMPARE(laidOut.at(0).at(0).toInt(), 1);

        // A live run of the agent joins as a second band and grows there as its actions arrive.
        test::RunWatch watch;
        startKubesleuth(w, watch);
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        TimelineChart *timeline = w.timeline();
        QTRY_VERIFY_WITH_TIMEOUT(
            timeline->layout().bands().size() == 2 && timeline->layout().bands().back().runId == watch.runId, 10000);
        approveFromKeyboard(w);
        QTRY_COMPARE_WITH_TIMEOUT(watch.endState, QStringLiteral("finished"), 60000);

        // Every action of the live run is on the agent's timeline once, the approved one as approved.
        auto run = RunReader::open(db.toStdString())->loadRun(watch.runId.toStdString());
        QVERIFY(run.has_value());
        auto onTimeline = [&] {
            std::vector<std::int64_t> seqs;
            for (const auto &p : timeline->layout().points())
                if (p.band == 1)
                    seqs.push_back(p.seq);
            std::sort(seqs.begin(), seqs.end());
            return seqs;
        };
        std::vector<std::int64_t> stored;
        for (const auto &a : run->actions)
            stored.push_back(a.seq);
        QTRY_COMPARE_WITH_TIMEOUT(onTimeline(), stored, 5000);
        QVERIFY(timeline->showsSeveralRuns());
        const int approved = TimelinePoints::decisionIndex(QStringLiteral("approved"));
        bool sawApproved = false;
        for (const auto &p : timeline->layout().points())
            sawApproved |= p.band == 1 && p.seq == 4 && p.decision == approved;
        QVERIFY(sawApproved);
    }

    void closingWhileARunWaits()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("closing.db"));
        {
            MainWindow w(db);
            w.show();
            w.startLiveDemo(QStringLiteral("kubesleuth"));
            QTRY_VERIFY_WITH_TIMEOUT(w.approvalPanel()->model()->pendingCount() == 1, 60000);
            // Quitting with a request waiting asks first; "no" keeps the window and the request.
            int asked = 0;
            w.setQuitConfirmation([&](QWidget *, int waiting) {
                asked = waiting;
                return false;
            });
            QVERIFY(!w.close());
            QCOMPARE(asked, 1);
            QVERIFY(w.isVisible());
            QCOMPARE(w.approvalPanel()->model()->pendingCount(), 1);
            // The title says what waits, once: the window manager adds "Warden".
            QVERIFY2(w.windowTitle().startsWith(QLatin1String("1 approval")), qPrintable(w.windowTitle()));
            QVERIFY2(!w.windowTitle().contains(QLatin1String("Warden")), qPrintable(w.windowTitle()));
        } // the window goes with a run live and a request pending: it expires, nothing else happens
        // The next console finds the run cut off and says so in the record.
        MainWindow again(db);
        QSignalSpy ready(again.supervisor(), &RunSupervisor::opened);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        auto runs = RunReader::open(db.toStdString())->listRuns(10);
        QVERIFY(runs.has_value() && runs->size() == 1);
        QCOMPARE(runs->front().state, std::string("failed"));
    }

    // Quitting with a run live (and the reviewer's yes): the run is stopped
    // and its end is on record before the window goes. On 5585575 the next
    // start read "RUN FAILED: the sandbox crashed", and the request "no
    // reviewer decided by the deadline", 40 s before it.
    void quittingStopsTheRunsOnRecord()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("quitting.db"));
        {
            MainWindow w(db);
            w.show();
            w.startLiveDemo(QStringLiteral("kubesleuth"));
            QTRY_VERIFY_WITH_TIMEOUT(w.approvalPanel()->model()->pendingCount() == 1, 60000);
            w.setQuitConfirmation([](QWidget *, int) { return true; });
            w.close();
            QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 15000);
        }
        auto runs = RunReader::open(db.toStdString())->listRuns(10);
        QVERIFY(runs.has_value() && runs->size() == 1);
        QCOMPARE(runs->front().state, std::string("killed"));
        auto run = RunReader::open(db.toStdString())->loadRun(runs->front().runId);
        QVERIFY(run.has_value());
        QVERIFY2(run->stateReason.find("stopped by the reviewer") != std::string::npos, run->stateReason.c_str());
        QVERIFY(!run->approvals.empty());
        const std::string ended = run->approvals.back().dump();
        QVERIFY2(ended.find("stopped by the reviewer") != std::string::npos, ended.c_str());
        // The agent's output was kept with the run.
        QVERIFY(!run->output.empty());
        // The request reads as what happened, once: the console was closed,
        // not a deadline that had not come.
        MainWindow again(db);
        const QString runId = QString::fromStdString(runs->front().runId);
        again.selectRun(runId);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(again.actionModel()->run().summary.runId), runId, 10000);
        QTableView *table = again.runView()->actionView();
        int expiredRow = -1;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            if (table->model()->index(row, 0).data(ActionTableModel::DecisionRole).toString() ==
                QLatin1String("expired"))
                expiredRow = row;
        QVERIFY(expiredRow >= 0);
        table->setCurrentIndex(table->model()->index(expiredRow, 0));
        const QString detail = again.runView()->detail()->detailText();
        QVERIFY2(detail.contains(QLatin1String(
                     "Denied, undecided: the run was stopped by the reviewer: the console was closed, before a "
                     "decision.")),
                 qPrintable(detail));
        QVERIFY2(!detail.contains(QLatin1String("no reviewer decided by")), qPrintable(detail));
    }

    void liveRunDeniedWithAReason()
    {
        if (!ResourcePaths::imageRoot())
            QFAIL("the sandbox image is missing: run resources/image/build-image.sh (packaging/test.sh does)");
        const QString db = m_dir.filePath(QStringLiteral("deny.db"));
        MainWindow w(db);
        w.show();
        w.approvalPanel()->setReasonPrompt(
            [](QWidget *) { return std::optional<QString>(QStringLiteral("change freeze")); });
        QString endState;
        connect(w.supervisor(), &RunSupervisor::runEnded, this,
                [&](const QString &, const QString &state) { endState = state; });
        w.startLiveDemo(QStringLiteral("kubesleuth"));
        ApprovalQueueModel *model = w.approvalPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->pendingCount() == 1, 60000);
        auto *deny = w.findChild<QPushButton *>(QStringLiteral("denyButton"));
        QVERIFY(deny && deny->isEnabled());
        w.approvalPanel()->setReviewer(QStringLiteral("test reviewer"));
        QTRY_VERIFY(w.approvalPanel()->acceptsDecision());
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

        // The incident report names the reviewer, the outcome and the reason.
        const QByteArray page = exportedReport(w, m_dir.filePath(QStringLiteral("deny-report.html")));
        QVERIFY(!page.isEmpty());
        QVERIFY(page.contains("change freeze"));
        QVERIFY(page.contains("rejected at "));
        QVERIFY(page.contains("execute_kubernetes_command"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
