#include "ui/report/ReportExporter.h"

#include "core/report/IncidentReport.h"
#include "core/store/AuditVerifier.h"
#include "core/store/RunReader.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

namespace warden::ui {

std::pair<bool, QString> ReportExporter::verifyChain(const std::string &storePath)
{
    auto report = AuditVerifier::verify(storePath);
    if (!report)
        return {false, QCoreApplication::translate("ReportExporter", "could not be checked: %1")
                           .arg(QString::fromStdString(report.error().toString()))};
    // The sentence in the console's language; why a chain broke is the
    // verifier's own (English) words, as recorded.
    const int records = int(std::min<std::int64_t>(report->records, std::numeric_limits<int>::max()));
    const QString problem = QString::fromStdString(report->problem);
    if (!report->intact && report->firstBroken == 0)
        return {false, QCoreApplication::translate("ReportExporter", "NOT PROVEN: %n record(s) link up, but %1",
                                                   nullptr, records)
                           .arg(problem)};
    if (!report->intact)
        return {false, QCoreApplication::translate("ReportExporter",
                                                   "BROKEN at record %1: %2 (the %n record(s) before it verified)",
                                                   nullptr, records)
                           .arg(report->firstBroken)
                           .arg(problem)};
    return {true,
            report->anchorChecked
                ? QCoreApplication::translate("ReportExporter", "intact: %n record(s) verified, head anchor matches",
                                              nullptr, records)
                : QCoreApplication::translate(
                      "ReportExporter", "intact: %n record(s) verified, no head anchor to compare", nullptr, records)};
}

int ReportExporter::keepHeadingsWithText(QTextDocument &document, QSizeF pageSize)
{
    document.setPageSize(pageSize);
    const qreal page = pageSize.height();
    int moved = 0;
    // A moved heading moves everything after it: lay out again until none
    // is stranded (each pass only adds breaks, so this ends).
    for (int pass = 0; pass < 64; ++pass) {
        QAbstractTextDocumentLayout *layout = document.documentLayout();
        bool changed = false;
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            const QTextBlockFormat format = block.blockFormat();
            if (format.headingLevel() == 0 || format.pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore)
                continue;
            const QRectF at = layout->blockBoundingRect(block);
            const qreal top = std::fmod(at.top(), page);
            if (top < at.height()) // already at the top of a page
                continue;
            // The heading and about three lines of its text must fit.
            const qreal needed = at.height() * 2.5 + QFontMetricsF(block.charFormat().font()).lineSpacing() * 3;
            if (top + needed <= page)
                continue;
            QTextCursor cursor(block);
            QTextBlockFormat breakBefore;
            breakBefore.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            cursor.mergeBlockFormat(breakBefore);
            ++moved;
            changed = true;
            break; // the rest moved with it: measure again
        }
        if (!changed)
            break;
    }
    return moved;
}

Result<ReportExporter::Written> ReportExporter::write(const std::string &storePath, const std::string &runId,
                                                      const QImage &timeline, const QString &basePath)
{
    auto reader = RunReader::open(storePath);
    if (!reader)
        return std::unexpected(reader.error());
    auto run = reader->loadRun(runId);
    if (!run)
        return std::unexpected(run.error());
    QString base = basePath;
    if (base.endsWith(QLatin1String(".html")) || base.endsWith(QLatin1String(".pdf")))
        base = base.left(base.lastIndexOf(QLatin1Char('.')));
    IncidentReport::Options options = IncidentReport::Options::forStore(storePath);
    Written written{base + QStringLiteral(".html"), base + QStringLiteral(".pdf"),
                    QString::fromStdString(options.chainStatus)};
    QByteArray png;
    if (!timeline.isNull()) {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        timeline.save(&buffer, "PNG");
        options.timelineImage = "data:image/png;base64," + png.toBase64().toStdString();
    }
    QSaveFile html(written.html);
    const std::string page = IncidentReport::html(*run, options);
    if (!html.open(QIODevice::WriteOnly) || html.write(page.data(), qint64(page.size())) < 0 || !html.commit())
        return fail("cannot write the report", {}, 0, written.html.toStdString());

    // The PDF: the same page, the picture handed over as a document resource.
    if (!timeline.isNull())
        options.timelineImage = "warden-timeline.png";
    QTextDocument document;
    if (!timeline.isNull())
        document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("warden-timeline.png")), timeline);
    document.setHtml(QString::fromStdString(IncidentReport::html(*run, options)));
    {
        QPdfWriter pdf(written.pdf);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        // Landscape: the action table's seven columns hold their words
        // ("secret_read", "approved by alice") without breaking them.
        pdf.setPageOrientation(QPageLayout::Landscape);
        pdf.setResolution(150);
        pdf.setTitle(QStringLiteral("Warden incident report %1").arg(QString::fromStdString(run->summary.runId)));
        pdf.setCreator(QStringLiteral("Warden"));
        // Paged here (at the 96 dpi the document lays out in), so headings
        // can be kept with what follows them; print() scales to the page.
        keepHeadingsWithText(document, QSizeF(pdf.pageLayout().paintRectPixels(96).size()));
        document.print(&pdf);
    }
    QFile check(written.pdf);
    if (!check.exists() || check.size() == 0)
        return fail("cannot write the PDF", {}, 0, written.pdf.toStdString());
    return written;
}

} // namespace warden::ui
