#pragma once

#include "ui/run/LiveAction.h"
#include "ui/timeline/TimelineLayout.h"

#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QLineEdit;
class QTableView;

namespace warden {
struct RunDetail;
}

namespace warden::ui {

class ActionDetailPane;
class ActionFilterProxy;
class ActionTableModel;
class JudgementBanner;
class TimelineChart;

// The open run: the judge's banner, the timeline, the filterable action
// table and the detail of the selected action. Runs are read from the store
// on a worker; a live run's actions are added in place as they arrive.
class RunView : public QWidget {
    Q_OBJECT
public:
    explicit RunView(QString storePath, QWidget *parent = nullptr);

    // Reads `runId` and shows it (the table's selection kept when it is the same run).
    void showRun(const QString &runId);
    // Shows no run (none matches a search, say).
    void clear();
    // The run on screen (or being read, when none is yet).
    QString shownRun() const { return m_shownRun; }
    bool isLoading(const QString &runId) const { return !m_loadingRun.isEmpty() && runId == m_loadingRun; }
    bool isLoaded(const QString &runId) const;

    // A live action: added to the table if it belongs to the open run,
    // kept for after the read if that run is being read.
    void addLiveAction(const LiveAction &live);
    // A line the agent of a live run printed (redacted).
    void addLiveOutput(const QString &runId, const QString &line);
    // An approval decided or expired (ApprovalRequest::toJson): recolours its action.
    void setApproval(const QString &runId, const nlohmann::json &approval);
    // A live run's state: the banner of the open run says it.
    void setRunState(const QString &runId, const QString &state, const QString &detail);
    // Selects action `seq` of `runId`; another run is asked for first (runWanted).
    void openAction(const QString &runId, qint64 seq);

    // The open run's points (not yet laid out), with what reviewers decided since it was read.
    TimelineLayout openRunPoints() const;
    // The open run alone on `chart`.
    void showOpenRunOn(TimelineChart *chart) const;

    ActionTableModel *actionModel() const { return m_actions; }
    JudgementBanner *banner() const { return m_banner; }
    TimelineChart *timeline() const { return m_timeline; }
    ActionDetailPane *detail() const { return m_detail; }
    QTableView *actionView() const { return m_actionView; }
    void retranslate();

Q_SIGNALS:
    void runShown(const QString &runId);
    void runWanted(const QString &runId);
    void failed(const QString &message);
    // The shown run's whole text is here (search reads it, the chain is drawn).
    void textLoaded(const QString &runId);

private:
    void addToShownRun(const LiveAction &live);
    // The shown run's text, read after its rows were shown (a run of a
    // million actions is usable at once; search and the chain follow).
    void loadText(const QString &runId, bool sameRun);
    void fitColumns();
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

    QString m_storePath;
    ActionTableModel *m_actions;
    ActionFilterProxy *m_filter;
    JudgementBanner *m_banner;
    TimelineChart *m_timeline;
    QLineEdit *m_search;
    QComboBox *m_sourceFilter; // all sources, or one: the gateway, the proxy, the scanner, system calls
    QTableView *m_actionView;
    ActionDetailPane *m_detail;
    QString m_shownRun;
    QString m_loadingRun;
    std::vector<LiveAction> m_liveBuffer;       // for the run being read
    QStringList m_liveOutput;                   // its output meanwhile
    std::pair<QString, qint64> m_pendingAction; // selected once its run is open
};

} // namespace warden::ui
