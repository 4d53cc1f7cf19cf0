#pragma once

#include "core/common/Error.h"

#include <QImage>
#include <QSizeF>
#include <QString>

#include <string>

class QTextDocument;

namespace warden::ui {

// Writes one stored run's incident report as HTML (the timeline embedded as
// a PNG) and as PDF, after checking the audit chain so the report can say
// whether the record it quotes is intact. Blocking: call it from a worker.
class ReportExporter {
public:
    struct Written {
        QString html;
        QString pdf;
        QString chainStatus;
    };

    // `basePath` without extension, or with .html/.pdf (both are written).
    static Result<Written> write(const std::string &storePath, const std::string &runId, const QImage &timeline,
                                 const QString &basePath);
    // Pages a document for `pageSize` (in the document's pixels) so that no
    // heading is the last thing on a page: a heading without room for a few
    // lines after it starts the next page. Returns how many were moved.
    static int keepHeadingsWithText(QTextDocument &document, QSizeF pageSize);
    // The audit chain check in one sentence; false when it is broken.
    static std::pair<bool, QString> verifyChain(const std::string &storePath);
};

} // namespace warden::ui
