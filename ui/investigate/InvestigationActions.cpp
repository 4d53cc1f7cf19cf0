#include "ui/investigate/InvestigationActions.h"

#include "core/common/AsyncJob.h"
#include "core/policy/Declaration.h"
#include "core/store/RunReader.h"
#include "ui/report/ReportExporter.h"
#include "ui/run/RunView.h"
#include "ui/timeline/TimelineChart.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QTimer>

#include <fstream>

namespace warden::ui {

InvestigationActions::InvestigationActions(QString storePath, RunView &view, QWidget *window)
    : QObject(window), m_storePath(std::move(storePath)), m_view(view), m_window(window)
{
    m_chooseFile = [](QWidget *owner, const QString &title, const QString &suggested, const QString &filter) {
        return QFileDialog::getSaveFileName(owner, title, suggested, filter);
    };
    m_chooseOpen = [](QWidget *owner, const QString &title, const QString &suggested, const QString &filter) {
        return QFileDialog::getOpenFileName(owner, title, suggested, filter);
    };
    m_notify = [](QWidget *owner, const QString &title, const QString &text, bool problem) {
        if (problem)
            QMessageBox::warning(owner, title, text);
        else
            QMessageBox::information(owner, title, text);
    };
}

void InvestigationActions::verifyChain()
{
    Q_EMIT status(tr("Verifying the audit chain…"));
    const std::string path = m_storePath.toStdString();
    runAsync(
        this, [path] { return ReportExporter::verifyChain(path); },
        [this](const std::pair<bool, QString> &result) {
            const QString text = tr("Audit chain of %1: %2").arg(m_storePath, result.second);
            Q_EMIT status(text);
            Q_EMIT chainVerified(result.first, result.second);
            m_notify(m_window, tr("Audit chain"), text, !result.first);
        });
}

QString InvestigationActions::target(const QString &given, const QString &noRun, const QString &title,
                                     const QString &suggestedPattern, const QString &filter)
{
    const QString run = m_view.shownRun();
    if (run.isEmpty()) {
        Q_EMIT failed(noRun);
        return {};
    }
    if (!given.isEmpty())
        return given;
    return m_chooseFile(m_window, title, suggestedPattern.arg(run.left(8)), filter);
}

void InvestigationActions::exportReport(const QString &basePath)
{
    const QString base = target(basePath, tr("Select a run to report on first."), tr("Export incident report"),
                                QStringLiteral("warden-report-%1.html"), tr("Incident report (*.html *.pdf)"));
    if (base.isEmpty())
        return;
    const std::string runId = m_view.shownRun().toStdString();
    Q_EMIT status(tr("Writing the incident report…"));
    TimelineChart *timeline = m_view.timeline();
    if (!timeline->showsSeveralRuns()) {
        writeReport(runId, timeline->grab().toImage(), base);
        return;
    }
    // The report is about one run: it is pictured alone, at the same size,
    // once Qt Charts has laid the new chart's axes out (on the next turn of
    // the event loop; a grab before that shows the axes of nothing).
    auto *single = new TimelineChart;
    single->setAttribute(Qt::WA_DontShowOnScreen);
    single->resize(timeline->size());
    single->show();
    m_view.showOpenRunOn(single);
    QTimer::singleShot(0, this, [this, single, runId, base] {
        const QImage picture = single->grab().toImage();
        single->deleteLater();
        writeReport(runId, picture, base);
    });
}

void InvestigationActions::writeReport(const std::string &runId, const QImage &timeline, const QString &base)
{
    // The picture was taken on the GUI thread; the rest happens on a worker.
    const std::string path = m_storePath.toStdString();
    runAsync(
        this, [path, runId, timeline, base] { return ReportExporter::write(path, runId, timeline, base); },
        [this](Result<ReportExporter::Written> written) {
            if (!written) {
                Q_EMIT failed(
                    tr("The report was not written: %1").arg(QString::fromStdString(written.error().toString())));
                return;
            }
            Q_EMIT status(tr("Report written: %1 and %2 (audit chain %3)")
                              .arg(written->html, written->pdf, written->chainStatus));
            Q_EMIT reportExported(written->html, written->pdf);
        });
}

void InvestigationActions::exportTrace(const QString &chosen)
{
    const QString file = target(chosen, tr("Select a run to export first."), tr("Export trace"),
                                QStringLiteral("warden-trace-%1.jsonl"), tr("Trace (*.jsonl)"));
    if (file.isEmpty())
        return;
    const std::string path = m_storePath.toStdString();
    const std::string runId = m_view.shownRun().toStdString();
    runAsync(
        this,
        [path, runId, out = file.toStdString()]() -> Result<std::int64_t> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            std::ofstream stream(out, std::ios::binary | std::ios::trunc);
            if (!stream)
                return fail("cannot open for writing", {}, 0, out);
            auto written = reader->exportTrace(runId, stream);
            stream.close();
            if (written && !stream)
                return fail("cannot write the trace", {}, 0, out);
            return written;
        },
        [this, file](Result<std::int64_t> written) {
            if (!written) {
                Q_EMIT failed(
                    tr("The trace was not exported: %1").arg(QString::fromStdString(written.error().toString())));
                return;
            }
            const qint64 count = written.value_or(0);
            Q_EMIT status(tr("%n action(s) exported to %1", nullptr, int(count)).arg(file));
            Q_EMIT traceExported(file, count);
        });
}

void InvestigationActions::whatIf(const QString &chosen)
{
    const QString file =
        chosen.isEmpty() ? m_chooseOpen(m_window, tr("What if: choose a declaration"), {}, tr("Declaration (*.json)"))
                         : chosen;
    if (file.isEmpty())
        return;
    Q_EMIT status(tr("Replaying the stored runs under %1…").arg(file));
    struct Replayed {
        WhatIfReport report;
        std::string agent;
    };
    const std::string path = m_storePath.toStdString();
    runAsync(
        this,
        [path, declarationFile = file.toStdString()]() -> Result<Replayed> {
            auto declaration = Declaration::load(declarationFile);
            if (!declaration)
                return std::unexpected(declaration.error());
            WhatIfSelection selection;
            selection.agent = declaration->agent; // a declaration is one agent's
            selection.changesKept = kChangesShown;
            const std::string agent = declaration->agent;
            auto report =
                WhatIfReplay::replay(path, std::make_shared<const Declaration>(std::move(*declaration)), selection);
            if (!report)
                return std::unexpected(report.error());
            return Replayed{std::move(*report), agent};
        },
        [this, file](Result<Replayed> replayed) {
            if (!replayed) {
                Q_EMIT failed(
                    tr("What if was not answered: %1").arg(QString::fromStdString(replayed.error().toString())));
                return;
            }
            Q_EMIT status(tr("What if: %n run(s) replayed", nullptr, int(replayed->report.runs.size())));
            Q_EMIT whatIfReady(replayed->report, file, QString::fromStdString(replayed->agent));
        });
}

} // namespace warden::ui
