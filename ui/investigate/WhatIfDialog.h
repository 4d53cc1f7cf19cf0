#pragma once

#include "core/investigate/WhatIfReplay.h"

#include <QDialog>

class QLabel;
class QTableWidget;
class QPushButton;

namespace warden::ui {

// What a declaration would have decided differently over an agent's stored
// runs (WhatIfReplay): a summary across the runs, each run's verdict before
// and after and its changed actions, and a button that shows the run with
// those actions ringed on its timeline. Text from the record is shown as
// plain text in table cells, never as rich text.
class WhatIfDialog : public QDialog {
    Q_OBJECT
public:
    WhatIfDialog(WhatIfReport report, QString declarationFile, QString declarationAgent, QWidget *parent = nullptr);

    const WhatIfReport &report() const { return m_report; }
    QString summary() const;
    // Selects a run's row (tests); its changes fill the lower table.
    void selectRun(int row);
    // What "Show on timeline" does: the selected run, its changes ringed.
    void showSelectedOnTimeline();
    QTableWidget *runTable() const { return m_runs; }
    QTableWidget *changeTable() const { return m_changes; }

Q_SIGNALS:
    // "Show on timeline": open `runId` and ring these actions.
    void showOnTimeline(const QString &runId, const std::vector<std::int64_t> &seqs);

private:
    void fillRuns();
    void fillChanges(int row);

    WhatIfReport m_report;
    QString m_file;
    QString m_agent;
    QLabel *m_summary;
    QTableWidget *m_runs;
    QTableWidget *m_changes;
    QPushButton *m_show;
};

} // namespace warden::ui
