// The run view on its own: the banner of a failed run, the detail pane that
// follows the open run, the plain sentence that leads it, and what a
// reviewer decided shown with who, when and why.
#include "core/common/WardenIdentity.h"
#include "core/scenarios/ExampleReplay.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "support/TestSupport.h"
#include "ui/run/ActionDetailPane.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"
#include "ui/run/RunView.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHeaderView>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestRunView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    std::string m_codeBot;
    std::string m_kube;
    std::string m_failed;

    static bool showAndWait(RunView &view, const std::string &runId)
    {
        QSignalSpy shown(&view, &RunView::runShown);
        view.showRun(QString::fromStdString(runId));
        return shown.wait(10000);
    }
    static int rowWhere(const ActionTableModel &model, const char *decision)
    {
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.decisionAt(row) == decision)
                return row;
        return -1;
    }
    static void select(RunView &view, int row)
    {
        QTableView *table = view.actionView();
        table->setCurrentIndex(table->model()->index(row, 0));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("view.db"));
        auto store = AuditStore::open(m_db.toStdString());
        QVERIFY(store.has_value());
        auto codeBot = ExampleReplay::record("code-bot", **store);
        auto kube = ExampleReplay::record("kubesleuth", **store);
        QVERIFY(codeBot && kube);
        m_codeBot = *codeBot;
        m_kube = *kube;
        // A run that never started: the Docker engine was not there. The
        // judge's view over no actions is on record too, as a live run has it.
        m_failed = RunRecords::newRunId();
        auto declaration =
            test::declaration("{\"warden\": 1, \"agent\": \"docker-bot\", \"purpose\": \"t\", \"tools\": {}}");
        Judgement nothing;
        nothing.summary = "no actions yet";
        QVERIFY((*store)
                    ->appendAndWait({RunRecords::runStarted(m_failed, *declaration, "demo:code-bot", "docker"),
                                     RunRecords::runState(m_failed, "starting", "booting the sandbox"),
                                     RunRecords::judgement(m_failed, nothing, 0),
                                     RunRecords::runState(m_failed, "failed",
                                                          "cannot reach the Docker engine at unix:///gone.sock")})
                    .has_value());
    }

    void aFailedRunSaysItFailedAndWhy()
    {
        RunView view(m_db);
        QVERIFY(showAndWait(view, m_failed));
        const QString banner = view.banner()->text();
        QVERIFY2(banner.startsWith(QLatin1String("RUN FAILED")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("cannot reach the Docker engine at unix:///gone.sock")),
                 qPrintable(banner));
        QVERIFY2(!banner.contains(QLatin1String("BENIGN"), Qt::CaseInsensitive), qPrintable(banner));
        // Another run after it: the banner is that run's, nothing of the failure stays.
        QVERIFY(showAndWait(view, m_codeBot));
        QVERIFY2(view.banner()->text().startsWith(QLatin1String("MALICIOUS")), qPrintable(view.banner()->text()));
    }

    void theDetailFollowsTheOpenRun()
    {
        RunView view(m_db);
        QAbstractItemModelTester tester(view.actionModel());
        QVERIFY(showAndWait(view, m_codeBot));
        const int denied = rowWhere(*view.actionModel(), "deny");
        QVERIFY(denied >= 0);
        select(view, denied);
        // One plain sentence first, the stored records below it.
        const QString detail = view.detail()->detailText();
        QVERIFY2(detail.startsWith(QLatin1String("Denied: ")), qPrintable(detail));
        QVERIFY(detail.contains(QLatin1String("\n\nAction\n{")));
        QVERIFY(detail.contains(QLatin1String("\n\nVerdict\n{")));
        // Another run opened: the old run's action is not shown beside it.
        QVERIFY(showAndWait(view, m_kube));
        QVERIFY2(view.detail()->detailText().isEmpty(), qPrintable(view.detail()->detailText()));
        QVERIFY(view.detail()->declarationText().contains(QLatin1String("kubesleuth")));
    }

    void aDecidedActionSaysWhoDecidedWhenAndWhy()
    {
        RunView view(m_db);
        QVERIFY(showAndWait(view, m_kube));
        const int waiting = rowWhere(*view.actionModel(), "approval_required");
        QVERIFY(waiting >= 0);
        const qint64 seq = view.actionModel()->index(waiting, 0).data(ActionTableModel::SeqRole).toLongLong();
        select(view, waiting);
        QVERIFY2(view.detail()->detailText().startsWith(QLatin1String("Held for a reviewer's approval")),
                 qPrintable(view.detail()->detailText()));
        // The reviewer's decision arrives while the action is selected.
        view.setApproval(QString::fromStdString(m_kube), {{"seq", seq},
                                                          {"state", "rejected"},
                                                          {"reviewer", "alice"},
                                                          {"reason", "change freeze"},
                                                          {"recorded", "2026-11-30T12:00:05.000Z"},
                                                          {"deadline", "2026-11-30T12:15:00.000Z"}});
        const QString detail = view.detail()->detailText();
        QVERIFY2(detail.startsWith(QLatin1String("Denied by alice at 2026-11-30T12:00:05.000Z: change freeze")),
                 qPrintable(detail));
        QVERIFY(detail.contains(QLatin1String("\n\nApproval\n{")));
        QCOMPARE(view.actionModel()->index(waiting, ActionTableModel::Decision).data().toString(),
                 QStringLiteral("rejected"));
        // An approval for another run changes nothing here.
        view.setApproval(QStringLiteral("another-run"), {{"seq", seq}, {"state", "approved"}, {"reviewer", "bob"}});
        QVERIFY(view.detail()->detailText().startsWith(QLatin1String("Denied by alice")));
    }

    // Where each action was seen: a column, a line in the detail, and a
    // filter that keeps one source's actions (the code-bot trace has
    // gateway, proxy, scanner and runtime ones).
    void actionsSayWhereTheyWereSeenAndFilterBySource()
    {
        RunView view(m_db);
        QVERIFY(showAndWait(view, m_codeBot));
        ActionTableModel *model = view.actionModel();
        QCOMPARE(model->headerData(ActionTableModel::Source, Qt::Horizontal).toString(), QStringLiteral("Seen by"));
        int proxyRow = -1;
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(ActionTableModel::SourceRole).toString() == QLatin1String("proxy"))
                proxyRow = row;
        QVERIFY(proxyRow >= 0);
        QCOMPARE(model->index(proxyRow, ActionTableModel::Source).data().toString(), QStringLiteral("proxy"));
        select(view, proxyRow);
        QVERIFY2(view.detail()->detailText().contains(QLatin1String("Seen by: the egress proxy")),
                 qPrintable(view.detail()->detailText()));

        auto *sources = view.findChild<QComboBox *>(QStringLiteral("sourceFilter"));
        QVERIFY(sources);
        QTableView *table = view.actionView();
        const int all = table->model()->rowCount();
        QCOMPARE(all, 10);
        const int gatewayItem = sources->findData(static_cast<int>(ActionSource::Gateway));
        QVERIFY(gatewayItem > 0);
        sources->setCurrentIndex(gatewayItem);
        Q_EMIT sources->activated(gatewayItem);
        QCOMPARE(table->model()->rowCount(), 4);
        for (int row = 0; row < table->model()->rowCount(); ++row)
            QCOMPARE(table->model()->index(row, 0).data(ActionTableModel::SourceRole).toString(),
                     QStringLiteral("gateway"));
        // No syscall actions in a replayed trace: the filter empties the table, it does not guess.
        const int syscallItem = sources->findData(static_cast<int>(ActionSource::Syscall));
        Q_EMIT sources->activated(syscallItem);
        QCOMPARE(table->model()->rowCount(), 0);
        Q_EMIT sources->activated(0);
        QCOMPARE(table->model()->rowCount(), all);
    }

    // At 1024x700 with a request waiting the table has about 430 px, without
    // one about 560: the decision, whether it was declared and the reasons
    // stay on screen and nothing needs scrolling sideways.
    void theTableFitsANarrowWindow()
    {
        RunView view(m_db);
        view.resize(430, 640);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(showAndWait(view, m_codeBot));
        QTableView *table = view.actionView();
        auto fitsAcross = [table] { return table->horizontalHeader()->length() <= table->viewport()->width(); };
        auto lengths = [table] {
            QString widths;
            for (int c = 0; c < table->model()->columnCount(); ++c)
                widths += QStringLiteral(" %1").arg(table->isColumnHidden(c) ? -1 : table->columnWidth(c));
            return qPrintable(QStringLiteral("%1 > %2:%3")
                                  .arg(table->horizontalHeader()->length())
                                  .arg(table->viewport()->width())
                                  .arg(widths));
        };
        QTRY_VERIFY2(fitsAcross(), lengths());
        for (int c : {ActionTableModel::Seq, ActionTableModel::What, ActionTableModel::Decision,
                      ActionTableModel::Declared, ActionTableModel::Why})
            QVERIFY2(!table->isColumnHidden(c), qPrintable(QString::number(c)));
        view.resize(560, 640);
        QTRY_VERIFY2(fitsAcross() && !table->isColumnHidden(ActionTableModel::Kind), lengths());
        QVERIFY(!table->isColumnHidden(ActionTableModel::Declared));
        // Wide: every column is back.
        view.resize(1400, 800);
        QTRY_VERIFY(!table->isColumnHidden(ActionTableModel::Time) && !table->isColumnHidden(ActionTableModel::Source));
    }

    // The banner leads with the strongest findings and names the weaker
    // ones after: the mcp-files demo's SSH key request beside the download.
    void theBannerNamesEveryFinding()
    {
        JudgementBanner banner;
        const nlohmann::json judgement = {
            {"label", "malicious"},
            {"confidence", 0.9},
            {"summary", "tried to download code and run it"},
            {"evidence", {5}},
            {"findings",
             {{{"rule", "download_execute"},
               {"label", "malicious"},
               {"confidence", 0.9},
               {"summary", "tried to download code and run it"},
               {"evidence", {5}}},
              {{"rule", "privileged_undeclared"},
               {"label", "suspicious"},
               {"confidence", 0.7},
               {"summary", "asked files.read_file for the sensitive host path /root/.ssh/id_rsa"},
               {"evidence", {4}}}}}};
        banner.setJudgement(judgement);
        QVERIFY2(banner.text().contains(
                     QLatin1String("tried to download code and run it\nAlso: asked files.read_file for the sensitive "
                                   "host path /root/.ssh/id_rsa")),
                 qPrintable(banner.text()));
        // Findings of the label itself are not repeated; malformed ones are skipped.
        nlohmann::json alone = judgement;
        alone["findings"] = nlohmann::json::array({judgement["findings"][0], 7, {{"label", 3}}});
        banner.setJudgement(alone);
        QVERIFY2(!banner.text().contains(QLatin1String("Also")), qPrintable(banner.text()));
    }

    void evidenceLinksOpenTheirAction()
    {
        RunView view(m_db);
        QVERIFY(showAndWait(view, m_codeBot));
        view.openAction(QString::fromStdString(m_codeBot), 4);
        QCOMPARE(view.actionView()->currentIndex().data(ActionTableModel::SeqRole).toLongLong(), 4);
        // An action of a run not open asks for that run first.
        QSignalSpy wanted(&view, &RunView::runWanted);
        view.openAction(QString::fromStdString(m_kube), 2);
        QCOMPARE(wanted.count(), 1);
        QCOMPARE(wanted.first().at(0).toString(), QString::fromStdString(m_kube));
        QVERIFY(showAndWait(view, m_kube));
        QCOMPARE(view.actionView()->currentIndex().data(ActionTableModel::SeqRole).toLongLong(), 2);
    }
};

QTEST_MAIN(TestRunView)
#include "tst_runview.moc"
