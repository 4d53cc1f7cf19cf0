#pragma once

#include "core/investigate/WhatIfReplay.h"

#include <QObject>
#include <QString>

#include <functional>
#include <string>

class QImage;
class QWidget;

namespace warden::ui {

class RunView;

// What a reviewer does with the evidence: verify the audit chain, export
// the open run's incident report (HTML and PDF) or its trace (JSONL), ask
// what a declaration would have decided over the agent's runs. Each works
// on a worker thread and reports by signal.
class InvestigationActions : public QObject {
    Q_OBJECT
public:
    InvestigationActions(QString storePath, RunView &view, QWidget *window);

    // Test seams for the file picker and the message box.
    using FileChooser =
        std::function<QString(QWidget *parent, const QString &title, const QString &suggested, const QString &filter)>;
    using Notifier = std::function<void(QWidget *parent, const QString &title, const QString &text, bool problem)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    void setOpenChooser(FileChooser chooser) { m_chooseOpen = std::move(chooser); }
    void setNotifier(Notifier notifier) { m_notify = std::move(notifier); }

    void verifyChain();
    // Writes BASE.html and BASE.pdf for the open run; asks for BASE when empty.
    void exportReport(const QString &basePath = {});
    // Writes the open run's actions as a JSONL trace; asks for the path when empty.
    void exportTrace(const QString &path = {});
    // Replays the stored runs of a declaration's agent under it, on a
    // worker (WhatIfReplay); asks for the declaration file when empty.
    void whatIf(const QString &declarationPath = {});
    // Changed actions listed per run; the rest are counted.
    static constexpr std::size_t kChangesShown = 10'000;

Q_SIGNALS:
    void status(const QString &text);
    void failed(const QString &message);
    void chainVerified(bool intact, const QString &text);
    void reportExported(const QString &htmlPath, const QString &pdfPath);
    void traceExported(const QString &path, qint64 actions);
    void whatIfReady(const warden::WhatIfReport &report, const QString &declarationPath, const QString &agent);

private:
    // Where an export of the open run goes: `given`, else the file picker's
    // answer; empty (after saying why) when no run is open or it was cancelled.
    QString target(const QString &given, const QString &noRun, const QString &title, const QString &suggestedPattern,
                   const QString &filter);
    // Writes the report of `runId` with `timeline` as its picture, on a worker.
    void writeReport(const std::string &runId, const QImage &timeline, const QString &base);

    QString m_storePath;
    RunView &m_view;
    QWidget *m_window;
    FileChooser m_chooseFile;
    FileChooser m_chooseOpen;
    Notifier m_notify;
};

} // namespace warden::ui
