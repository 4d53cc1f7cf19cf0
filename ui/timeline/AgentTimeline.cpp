#include "ui/timeline/AgentTimeline.h"

#include "core/common/AsyncJob.h"
#include "core/store/RunReader.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/RunView.h"
#include "ui/timeline/TimelineChart.h"

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <memory>

namespace warden::ui {

AgentTimeline::AgentTimeline(QString storePath, RunView &view, QObject *parent)
    : QObject(parent), m_storePath(std::move(storePath)), m_view(view)
{}

void AgentTimeline::sync(const QString &agent, bool wanted, const std::vector<RunSummary> &listed)
{
    if (!wanted || agent.isEmpty()) {
        if (m_agent.isEmpty())
            return;
        // Back to the open run alone.
        ++m_generation;
        m_agent.clear();
        m_runs.clear();
        m_stale = false;
        m_loading = false;
        m_arrivals.clear();
        m_view.showOpenRunOn(m_view.timeline());
        return;
    }
    // The listed runs of the agent, oldest first.
    std::vector<RunSummary> runs;
    for (const RunSummary &r : listed)
        if (QString::fromStdString(r.agent) == agent)
            runs.push_back(r);
    std::stable_sort(runs.begin(), runs.end(), [](const auto &a, const auto &b) { return a.startedMs < b.startedMs; });
    std::vector<std::string> ids;
    for (const auto &r : runs)
        ids.push_back(r.runId);
    if (agent == m_agent && ids == m_runs && !m_stale)
        return;
    load(agent, std::move(runs));
}

void AgentTimeline::addLiveAction(const LiveAction &live)
{
    TimelineChart *chart = m_view.timeline();
    if (m_loading)
        m_arrivals.push_back(live);
    else if (chart->showsSeveralRuns() && chart->layout().bandOf(live.runId) >= 0 &&
             !chart->appendAction(live.runId, live.action, live.verdict))
        m_stale = true; // an action in a band in the middle: read again with the next list
}

void AgentTimeline::runEnded(const QString &runId)
{
    // A live run's band grew as it went; laid out again, it takes its place beside the others.
    TimelineChart *chart = m_view.timeline();
    if (chart->showsSeveralRuns() && chart->layout().bandOf(runId) >= 0)
        m_stale = true;
}

void AgentTimeline::load(const QString &agent, std::vector<RunSummary> runs)
{
    m_agent = agent;
    m_runs.clear();
    for (const auto &r : runs)
        m_runs.push_back(r.runId);
    m_stale = false;
    m_loading = true;
    const int generation = ++m_generation;
    // Bounded: the newest runs up to this many actions (a point is 24 bytes;
    // reading a run holds its stored text for a moment).
    constexpr std::int64_t kMostActions = 3'000'000;
    std::int64_t total = 0;
    std::size_t first = runs.size();
    while (first > 0 && (first == runs.size() || total + runs[first - 1].actions <= kMostActions))
        total += runs[--first].actions;
    const int leftOut = static_cast<int>(first);
    runs.erase(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(first));
    Q_EMIT status(tr("Reading %n run(s) of %1 for its timeline…", nullptr, int(runs.size())).arg(agent));
    // The open run is here already: its points are taken now, not read again
    // (a million actions: a tenth of a second against seconds).
    const std::string openRun = m_view.isLoaded(m_view.shownRun()) ? m_view.shownRun().toStdString() : std::string();
    auto open = std::make_shared<TimelineLayout>();
    if (!openRun.empty() &&
        std::any_of(runs.begin(), runs.end(), [&](const RunSummary &r) { return r.runId == openRun; }))
        *open = m_view.openRunPoints();
    const std::string path = m_storePath.toStdString();
    runAsync(
        this,
        [path, runs = std::move(runs), openRun, open]() -> Result<TimelineLayout> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            TimelineLayout layout;
            for (const auto &r : runs) {
                if (r.runId == openRun && !open->bands().empty()) {
                    layout.addRun(std::move(*open));
                    continue;
                }
                auto run = reader->loadRunIndex(r.runId); // its rows only (older runs: the text, dropped after)
                if (!run)
                    return std::unexpected(run.error());
                layout.addRun(*run);
            }
            layout.finish();
#ifdef __GLIBC__
            // The runs' stored text (hundreds of MB for a big run) was freed
            // in this worker's heap; hand it back rather than keep it.
            malloc_trim(0);
#endif
            return layout;
        },
        [this, generation, agent, leftOut](Result<TimelineLayout> layout) {
            if (generation != m_generation)
                return; // switched off, another agent, or read again since
            m_loading = false;
            auto arrivals = std::move(m_arrivals);
            m_arrivals.clear();
            if (!layout) {
                Q_EMIT failed(tr("The timeline of %1 could not be read: %2")
                                  .arg(agent, QString::fromStdString(layout.error().toString())));
                return;
            }
            const int bands = static_cast<int>(layout->bands().size());
            const auto actions = static_cast<qint64>(layout->points().size());
            TimelineChart *chart = m_view.timeline();
            chart->setLayout(std::move(*layout), m_view.shownRun());
            for (const auto &a : arrivals)
                if (!chart->appendAction(a.runId, a.action, a.verdict) && chart->layout().bandOf(a.runId) >= 0)
                    m_stale = true;
            Q_EMIT status(
                leftOut > 0
                    ? tr("Timeline of %1: the newest %n run(s), %2 actions; %3 older run(s) left out", nullptr, bands)
                          .arg(agent)
                          .arg(actions)
                          .arg(leftOut)
                    : tr("Timeline of %1: %n run(s), %2 actions", nullptr, bands).arg(agent).arg(actions));
            Q_EMIT shown(bands, actions);
        });
}

} // namespace warden::ui
