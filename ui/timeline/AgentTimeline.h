#pragma once

#include "ui/run/LiveAction.h"

#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace warden {
struct RunSummary;
}

namespace warden::ui {

class RunView;

// All the listed runs of one agent on the run view's timeline, one band per
// run, oldest first; the open run's band lights up. Runs are read on a
// worker (bounded to the newest three million actions); live actions join
// the last band as they come, and a band in the middle has the agent read
// again.
class AgentTimeline : public QObject {
    Q_OBJECT
public:
    AgentTimeline(QString storePath, RunView &view, QObject *parent = nullptr);

    // Brings the chart in line with the picked agent (empty: none), whether
    // the agent's timeline is wanted, and the runs listed now.
    void sync(const QString &agent, bool wanted, const std::vector<RunSummary> &listed);
    // A live action: placed on the agent's chart when it shows its run.
    void addLiveAction(const LiveAction &live);
    // A run of the chart ended: read it again with the next sync.
    void runEnded(const QString &runId);
    bool showing() const { return !m_agent.isEmpty(); }

Q_SIGNALS:
    void shown(int runs, qint64 actions);
    void status(const QString &text);
    void failed(const QString &message);

private:
    void load(const QString &agent, std::vector<RunSummary> runs);

    QString m_storePath;
    RunView &m_view;
    QString m_agent; // whose runs the chart was asked for; empty: the open run alone
    std::vector<std::string> m_runs;
    bool m_stale = false;
    bool m_loading = false;
    int m_generation = 0; // a newer request makes an older answer moot
    // Live actions that came while the agent's runs were being read: placed
    // once the layout is in (those it already has are skipped).
    std::vector<LiveAction> m_arrivals;
};

} // namespace warden::ui
