#pragma once

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;
class QTimer;

namespace warden {
struct RunSummary;
}

namespace warden::ui {

class RunListModel;

// The Runs screen's left side: the stored runs, newest first, with a search
// over all of them and a picker for one agent (and whether to lay all its
// runs on the timeline). Lists are read from the store on a worker.
//
// What the run view shows is always the run selected here: a search that
// leaves it out opens the first match (or shows none), and clearing the
// search selects the run on screen again.
class RunsPane : public QWidget {
    Q_OBJECT
public:
    explicit RunsPane(QString storePath, QWidget *parent = nullptr);

    // Reads the list again (search and agent kept).
    void reload();
    // Selects `runId`, now or once it is listed (a run just started).
    void selectRun(const QString &runId);
    // The run the view shows, kept selected across reloads.
    void setShownRun(const QString &runId) { m_shownRun = runId; }
    // Lists only runs whose agent, summary or records contain `text`.
    void search(const QString &text);
    void focusSearch();
    // Picks `agent` (once it has runs listed) and, with `timeline`, asks
    // for all its runs on the timeline.
    void showAgent(const QString &agent, bool timeline);
    QString pickedAgent() const;
    bool agentTimelineWanted() const;

    RunListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    void retranslate();

Q_SIGNALS:
    // The reviewer (or a reload keeping the selection) picked a run to open.
    void runChosen(const QString &runId);
    // No run matches: the run view shows none.
    void nothingToShow();
    void loaded(int count, const QString &status);
    // The picked agent, the timeline box or the listed runs changed.
    void agentTimelineChanged();

private:
    // Rebuilds the agent picker from the listed runs and keeps those of the picked agent.
    std::vector<RunSummary> filterByAgent(std::vector<RunSummary> runs);
    void changeEvent(QEvent *event) override;

    QString m_storePath;
    RunListModel *m_model;
    QTableView *m_view;
    QLineEdit *m_search;
    QTimer *m_searchDelay;
    QComboBox *m_agentFilter;
    QCheckBox *m_agentTimeline;
    QString m_shownRun;
    QString m_pendingSelection;
    QString m_pendingAgent; // asked for before it had runs listed
    int m_generation = 0;   // a newer read makes an older answer moot
};

} // namespace warden::ui
