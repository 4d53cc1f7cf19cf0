#include "ui/report/ReportExporter.h"

#include "core/report/IncidentReport.h"
#include "core/store/AuditVerifier.h"
#include "core/store/RunReader.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace warden::ui {

std::pair<bool, QString> ReportExporter::verifyChain(const std::string &storePath)
{
    auto report = AuditVerifier::verify(storePath);
    if (!report)
        return {false, QCoreApplication::translate("ReportExporter", "could not be checked: %1")
                           .arg(QString::fromStdString(report.error().toString()))};
    return {report->intact, QString::fromStdString(report->sentence())};
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
        document.print(&pdf);
    }
    QFile check(written.pdf);
    if (!check.exists() || check.size() == 0)
        return fail("cannot write the PDF", {}, 0, written.pdf.toStdString());
    return written;
}

} // namespace warden::ui
