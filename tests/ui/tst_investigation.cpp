// The investigation actions on their own, over a run view and a real store:
// nothing is exported without an open run, a cancelled picker writes
// nothing, a file that cannot be written is named, the trace is the run's
// actions, the report comes as HTML and PDF, and one edited record breaks
// the chain where it was edited.
#include "core/scenarios/ExampleReplay.h"
#include "core/store/AuditStore.h"
#include "core/store/SqliteConnection.h"
#include "support/BuildPaths.h"
#include "ui/investigate/InvestigationActions.h"
#include "ui/investigate/WhatIfDialog.h"
#include "ui/report/ReportExporter.h"
#include "ui/run/RunView.h"
#include "ui/timeline/TimelineChart.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QWidget>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

class TestInvestigation : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_codeBot;

    // The actions over a view with the code-bot run open; every picker and
    // message box is answered by the test.
    struct Fixture {
        QWidget window;
        RunView *view;
        InvestigationActions actions;
        QStringList suggested; // what the file picker was offered
        QString answer;        // what it answers (empty: cancelled)
        QStringList notices;

        explicit Fixture(const QString &db) : view(new RunView(db, &window)), actions(db, *view, &window)
        {
            actions.setFileChooser([this](QWidget *, const QString &, const QString &name, const QString &) {
                suggested << name;
                return answer;
            });
            actions.setNotifier([this](QWidget *, const QString &, const QString &text, bool) { notices << text; });
        }
        bool open(const QString &runId)
        {
            QSignalSpy shown(view, &RunView::runShown);
            view->showRun(runId);
            return shown.wait(10000);
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("investigate.db"));
        auto store = AuditStore::open(m_db.toStdString());
        QVERIFY(store.has_value());
        auto codeBot = ExampleReplay::record("code-bot", **store);
        QVERIFY(codeBot.has_value());
        m_codeBot = QString::fromStdString(*codeBot);
    }

    void nothingIsExportedWithoutAnOpenRun()
    {
        Fixture f(m_db);
        QSignalSpy failed(&f.actions, &InvestigationActions::failed);
        f.actions.exportTrace();
        f.actions.exportReport();
        QCOMPARE(failed.count(), 2);
        QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("Select a run")));
        QVERIFY(f.suggested.isEmpty()); // the picker never opened
    }

    void aCancelledPickerWritesNothing()
    {
        Fixture f(m_db);
        QVERIFY(f.open(m_codeBot));
        QSignalSpy traced(&f.actions, &InvestigationActions::traceExported);
        QSignalSpy reported(&f.actions, &InvestigationActions::reportExported);
        f.actions.exportTrace();
        f.actions.exportReport();
        QTest::qWait(200);
        QCOMPARE(traced.count(), 0);
        QCOMPARE(reported.count(), 0);
        // The picker suggested names that say which run they hold.
        QCOMPARE(f.suggested.size(), 2);
        QCOMPARE(f.suggested.at(0), QStringLiteral("warden-trace-%1.jsonl").arg(m_codeBot.left(8)));
        QCOMPARE(f.suggested.at(1), QStringLiteral("warden-report-%1.html").arg(m_codeBot.left(8)));
    }

    void theTraceHoldsTheRunsActions()
    {
        Fixture f(m_db);
        QVERIFY(f.open(m_codeBot));
        QSignalSpy traced(&f.actions, &InvestigationActions::traceExported);
        f.answer = m_dir.filePath(QStringLiteral("picked.jsonl"));
        f.actions.exportTrace();
        QTRY_COMPARE_WITH_TIMEOUT(traced.count(), 1, 10000);
        QCOMPARE(traced.at(0).at(0).toString(), f.answer);
        QCOMPARE(traced.at(0).at(1).toLongLong(), 10);
        QFile file(f.answer);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 10);
        QVERIFY(lines.first().contains("\"seq\":1"));
    }

    void aTraceThatCannotBeWrittenSaysWhere()
    {
        Fixture f(m_db);
        QVERIFY(f.open(m_codeBot));
        QSignalSpy failed(&f.actions, &InvestigationActions::failed);
        const QString nowhere = m_dir.filePath(QStringLiteral("no-such-dir/trace.jsonl"));
        f.actions.exportTrace(nowhere);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(nowhere) && message.contains(QLatin1String("cannot open")), qPrintable(message));
        QVERIFY(!QFile::exists(nowhere));
    }

    void theReportComesAsHtmlAndPdf()
    {
        Fixture f(m_db);
        f.window.resize(1200, 800);
        f.view->resize(1200, 800);
        QVERIFY(f.open(m_codeBot));
        QSignalSpy reported(&f.actions, &InvestigationActions::reportExported);
        f.actions.exportReport(m_dir.filePath(QStringLiteral("report")));
        QVERIFY(reported.wait(30000));
        QFile html(reported.at(0).at(0).toString());
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.contains("code-bot"));
        QVERIFY(page.contains("malicious"));
        QVERIFY(page.contains("data:image/png;base64,")); // the timeline, pictured
        QFile pdf(reported.at(0).at(1).toString());
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    }

    // Last: it edits the store.
    // The PDF never ends a page on a heading: each heading starts on the
    // page its first lines are on. Headings are put at every height of a
    // page in turn, so some land at its foot.
    void noHeadingIsLeftAtAPageFoot()
    {
        QString html;
        for (int section = 0; section < 24; ++section) {
            html += QStringLiteral("<h2>Section %1</h2>").arg(section);
            for (int line = 0; line < section % 7 + 1; ++line)
                html += QStringLiteral("<p>line %1 of section %2</p>").arg(line).arg(section);
        }
        QTextDocument document;
        document.setHtml(html);
        const QSizeF page(600, 300);
        const int moved = ReportExporter::keepHeadingsWithText(document, page);
        QVERIFY(moved > 0);
        QAbstractTextDocumentLayout *layout = document.documentLayout();
        int headings = 0;
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            if (block.blockFormat().headingLevel() == 0)
                continue;
            ++headings;
            const QTextBlock next = block.next();
            QVERIFY(next.isValid());
            const int headingPage = int(layout->blockBoundingRect(block).top() / page.height());
            const int textPage = int(layout->blockBoundingRect(next).bottom() / page.height());
            QVERIFY2(headingPage == textPage, qPrintable(block.text()));
        }
        QCOMPARE(headings, 24);
    }

    // What if: the replay runs on a worker, the dialog shows the run with
    // the actions that would change and the gate, and "Show on timeline"
    // rings exactly those actions on the open run's timeline.
    void whatIfShowsTheChangesAndRingsThem()
    {
        Fixture f(m_db);
        QFile original(QString::fromStdString(test::sourceDir() + "/resources/declarations/code-bot.json"));
        QVERIFY(original.open(QIODevice::ReadOnly));
        auto declaration = nlohmann::json::parse(original.readAll().toStdString());
        declaration["tools"].erase("plot");
        declaration["destinations"] = {"attacker.example:443"};
        const QString file = m_dir.filePath(QStringLiteral("what-if.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray::fromStdString(declaration.dump(1)));
        out.close();

        QSignalSpy ready(&f.actions, &InvestigationActions::whatIfReady);
        f.actions.setOpenChooser([file](QWidget *, const QString &, const QString &, const QString &) { return file; });
        f.actions.whatIf();
        QVERIFY(ready.wait(20000));
        const auto report = ready.at(0).at(0).value<WhatIfReport>();
        QCOMPARE(ready.at(0).at(2).toString(), QStringLiteral("code-bot"));
        QCOMPARE(report.runs.size(), std::size_t(1));
        const RunWhatIf &run = report.runs.front();
        QCOMPARE(QString::fromStdString(run.runId), m_codeBot);
        QCOMPARE(run.changed, std::int64_t(2)); // plot denied, CONNECT attacker.example:443 allowed
        QVERIFY(run.opensMaliciousRun());

        WhatIfDialog dialog(report, file, QStringLiteral("code-bot"));
        QVERIFY2(dialog.summary().contains(QLatin1String("would now have something allowed")),
                 qPrintable(dialog.summary()));
        QCOMPARE(dialog.runTable()->rowCount(), 1);
        QCOMPARE(dialog.changeTable()->rowCount(), 2);
        QVERIFY(!dialog.runTable()->item(0, 5)->text().isEmpty()); // the gate
        QSignalSpy show(&dialog, &WhatIfDialog::showOnTimeline);
        for (QPushButton *button : dialog.findChildren<QPushButton *>())
            if (button->text() == QLatin1String("Show on timeline"))
                button->click();
        QVERIFY(!show.isEmpty());
        const auto seqs = show.last().at(1).value<std::vector<std::int64_t>>();
        QCOMPARE(seqs.size(), std::size_t(2));

        QVERIFY(f.open(m_codeBot));
        f.window.resize(1000, 700);
        f.window.show();
        f.view->timeline()->setMarked(m_codeBot, seqs, QStringLiteral("decided differently"));
        QCOMPARE(f.view->timeline()->drawnMarks(), 2);
        f.view->timeline()->setMarked(m_codeBot, {}, {});
        QCOMPARE(f.view->timeline()->drawnMarks(), 0);
    }

    void anEditedRecordBreaksTheChainWhereItWasEdited()
    {
        Fixture f(m_db);
        QSignalSpy verified(&f.actions, &InvestigationActions::chainVerified);
        f.actions.verifyChain();
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 1, 10000);
        QVERIFY(verified.at(0).at(0).toBool());
        QCOMPARE(f.notices.size(), 1); // the reviewer is told, not only the status bar
        {
            auto conn = SqliteConnection::open(m_db.toStdString(), SqliteConnection::Mode::ReadWrite);
            QVERIFY(conn.has_value());
            QVERIFY(conn->exec("DROP TRIGGER audit_no_update").has_value());
            QVERIFY(conn->exec("UPDATE audit SET payload = payload || ' ' WHERE id = 4").has_value());
        }
        f.actions.verifyChain();
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 2, 10000);
        QVERIFY(!verified.at(1).at(0).toBool());
        QVERIFY2(verified.at(1).at(1).toString().contains(QLatin1String("record 4")),
                 qPrintable(verified.at(1).at(1).toString()));
    }
};

QTEST_MAIN(TestInvestigation)
#include "tst_investigation.moc"
