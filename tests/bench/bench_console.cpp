// The console's figures (docs/PERFORMANCE.md), not a pass/fail test:
//  1. time to open a stored run of N actions (default 1,000,000) and show it;
//  2. frame time while panning its timeline (whole run, then zoomed to 10%);
//  3. delay from an action entering the warden (the gateway stamps it) to its
//     point being painted, over live code-bot runs in real bubblewrap;
//  4. the console's resident memory with that run open;
//  5. the agent's timeline: that run and K more of the agent's runs (10,000
//     actions each, added to the store when it has fewer) laid out as bands:
//     time to show, frame time while panning, memory.
// Usage: bench_console [--actions N] [--db PATH] [--live-runs K] [--agent-runs K]
// Runs under QT_QPA_PLATFORM=offscreen or a display (xvfb-run).
#include "core/common/ResourcePaths.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"
#include "core/store/RunReader.h"
#include "core/store/RunRecords.h"
#include "ui/MainWindow.h"
#include "ui/run/ActionFilterProxy.h"
#include "ui/run/ActionTableModel.h"
#include "ui/runs/RunListModel.h"
#include "ui/timeline/TimelineChart.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace warden;
using namespace warden::ui;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size())))];
}

long rssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

// Pans the timeline's current view back and forth, a step of 1% of its
// width per frame, painting each; prints the frame times as WHAT.
void panAndReport(TimelineChart *timeline, const char *what)
{
    auto [lo, hi] = timeline->visibleRange();
    std::vector<double> frames;
    for (int f = 0; f < 200; ++f) {
        QElapsedTimer t;
        t.start();
        timeline->pan((hi - lo) * 0.01 * (f < 100 ? 1 : -1));
        timeline->repaint();
        frames.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("%s (%d markers drawn): frame p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu frames\n", what,
                timeline->drawnPoints(), percentile(frames, 0.5), percentile(frames, 0.99),
                *std::max_element(frames.begin(), frames.end()), frames.size());
}

// A run of n actions as a live run would store them: every tenth an
// undeclared egress that was denied, the rest allowed tool calls, 20 ms apart.
std::string makeRun(AuditStore &store, long n, std::int64_t endMs = QDateTime::currentMSecsSinceEpoch())
{
    auto declaration = Declaration::parse(
        R"({"warden": 1, "agent": "bulk", "purpose": "benchmark", "tools": {"lookup": {"params": {"q": {"type": "string"}}}}})",
        "bench.json");
    const std::string runId = RunRecords::newRunId();
    store.appendAndWait({RunRecords::runStarted(runId, *declaration, "bench", "bwrap")});
    const std::int64_t t0 = endMs - n * 20;
    std::vector<AuditRecord> batch;
    for (long i = 1; i <= n; ++i) {
        Action a;
        a.seq = i;
        a.timeMs = t0 + i * 20;
        Verdict v;
        v.seq = i;
        if (i % 10 == 0) {
            a.kind = ActionKind::Egress;
            a.host = "attacker.example";
            a.port = 443;
            a.method = "CONNECT";
            v.decision = Decision::Deny;
            v.reasons.push_back({"egress", "destination attacker.example:443 is not declared"});
        } else {
            a.kind = ActionKind::ToolCall;
            a.tool = "lookup";
            a.params = {{"q", "row " + std::to_string(i)}};
            v.declared = true;
            v.decision = Decision::Allow;
            v.rule = "tools.lookup";
        }
        batch.push_back(RunRecords::action(runId, a));
        batch.push_back(RunRecords::verdict(runId, a, v));
        if (batch.size() >= 20000) {
            store.append(std::move(batch));
            batch.clear();
        }
    }
    batch.push_back(RunRecords::runState(runId, "finished", "benchmark"));
    store.appendAndWait(std::move(batch));
    return runId;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    long actions = 1000000;
    int liveRuns = 5;
    int agentRuns = 3;
    QString db;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--actions")
            actions = std::stol(argv[i + 1]);
        else if (flag == "--db")
            db = QString::fromLocal8Bit(argv[i + 1]);
        else if (flag == "--live-runs")
            liveRuns = std::stoi(argv[i + 1]);
        else if (flag == "--agent-runs")
            agentRuns = std::stoi(argv[i + 1]);
    }
    QTemporaryDir dir;
    if (db.isEmpty())
        db = dir.filePath(QStringLiteral("bench.db"));
    if (!QFile::exists(db)) {
        QElapsedTimer t;
        t.start();
        auto store = AuditStore::open(db.toStdString());
        if (!store) {
            std::fprintf(stderr, "%s\n", store.error().toString().c_str());
            return 2;
        }
        makeRun(**store, actions);
        std::printf("store: %ld actions written in %.1f s (setup, not a figure)\n", actions,
                    double(t.elapsed()) / 1000.0);
    }
    // The run to open is the store's largest (its newest may be one of the agent's small runs).
    std::string bigRun;
    std::vector<RunSummary> listed;
    {
        auto reader = RunReader::open(db.toStdString());
        auto runs = reader ? reader->listRuns(1000) : Result<std::vector<RunSummary>>(std::vector<RunSummary>{});
        if (!runs || runs->empty()) {
            std::fprintf(stderr, "no run in %s\n", qPrintable(db));
            return 2;
        }
        listed = *runs;
        bigRun = std::max_element(listed.begin(), listed.end(), [](const auto &a, const auto &b) {
                     return a.actions < b.actions;
                 })->runId;
    }
    const long rssBefore = rssKiB();

    // 1. Open and show.
    QElapsedTimer open;
    open.start();
    MainWindow window(db);
    window.resize(1400, 820);
    window.show();
    // The console is up with its run list (what it costs to start at all),
    // then the run is asked for.
    waitFor([&] { return window.runModel() && window.runModel()->rowCount() > 0; }, 60000);
    const double consoleSeconds = double(open.elapsed()) / 1000.0;
    QElapsedTimer asked;
    asked.start();
    window.selectRun(QString::fromStdString(bigRun));
    if (!waitFor(
            [&] {
                return window.actionModel()->rowCount() > 0 && window.timeline()->drawnPoints() > 0 &&
                       window.actionModel()->run().summary.runId == bigRun;
            },
            300000)) {
        std::fprintf(stderr, "the run was not shown\n");
        return 1;
    }
    window.repaint(); // the first full frame
    const double openSeconds = double(open.elapsed()) / 1000.0;
    const double askedSeconds = double(asked.elapsed()) / 1000.0;
    // Usable now: scroll the table to its middle and end, each a frame with
    // its rows read from the store on demand (the text is still loading).
    double scrollMs = 0;
    if (auto *view = window.findChild<QTableView *>(QStringLiteral("actionView"))) {
        QElapsedTimer t;
        t.start();
        for (int at : {window.actionModel()->rowCount() / 2, window.actionModel()->rowCount() - 1}) {
            view->scrollTo(view->model()->index(at, 0));
            view->viewport()->repaint();
        }
        scrollMs = double(t.nsecsElapsed()) / 1e6;
    }
    const long rssUsable = rssKiB();
    // The rest of the run's text, read in the background meanwhile.
    const bool textFollowed = !window.actionModel()->textLoaded();
    if (!waitFor([&] { return window.actionModel()->textLoaded(); }, 300000)) {
        std::fprintf(stderr, "the run's text did not load\n");
        return 1;
    }
    const double textSeconds = double(open.elapsed()) / 1000.0;
    waitFor([] { return false; }, 300);
    std::printf("open: %d actions usable (table and timeline on screen) %.2f s after the run was asked for (%.2f s "
                "from starting the console, %.2f s of it the console and its run list); two scrolls across the table "
                "%.0f ms; %.0f MiB resident then\n",
                window.actionModel()->rowCount(), askedSeconds, openSeconds, consoleSeconds, scrollMs,
                double(rssUsable) / 1024.0);
    std::printf("text: %s, whole run's text in %.2f s from the start\n",
                textFollowed ? "read in the background" : "read with the rows (no action rows stored)", textSeconds);
    std::printf("memory: %.0f MiB resident with the run open and its text loaded (%.0f MiB before opening)\n",
                double(rssKiB()) / 1024.0, double(rssBefore) / 1024.0);
    {
        QElapsedTimer t;
        t.start();
        auto reader = RunReader::open(db.toStdString());
        auto run = reader->loadRunIndex(window.actionModel()->run().summary.runId);
        const double rowsSeconds = double(t.elapsed()) / 1000.0;
        t.restart();
        window.timeline()->setRun(*run);
        const double timelineSeconds = double(t.elapsed()) / 1000.0;
        t.restart();
        auto text = reader->loadRunText(window.actionModel()->run().summary.runId);
        std::printf("of which: reading the action rows %.2f s, building the timeline %.3f s; reading the text %.2f s "
                    "(%.0f MB)\n",
                    rowsSeconds, timelineSeconds, double(t.elapsed()) / 1000.0,
                    text ? double(text->text.size()) / 1e6 : 0.0);
    }

    // Filtering and sorting the whole table (what one keystroke or header click costs).
    if (auto *view = window.findChild<QTableView *>(QStringLiteral("actionView"))) {
        auto *proxy = qobject_cast<ActionFilterProxy *>(view->model());
        QElapsedTimer t;
        t.start();
        proxy->setFilterText(QStringLiteral("attacker"));
        const int matched = proxy->rowCount();
        const double filterMs = double(t.nsecsElapsed()) / 1e6;
        proxy->setFilterText(QString());
        t.restart();
        view->sortByColumn(ActionTableModel::What, Qt::AscendingOrder);
        const double sortMs = double(t.nsecsElapsed()) / 1e6;
        view->sortByColumn(ActionTableModel::Seq, Qt::AscendingOrder);
        std::printf(
            "table: filter \"attacker\" over %d rows in %.0f ms (%d match); sort by the action column in %.0f ms\n",
            window.actionModel()->rowCount(), filterMs, matched, sortMs);
    }

    // 2. Pan: each frame moves the view by 1% of its width and paints it.
    TimelineChart *timeline = window.timeline();
    for (const double share : {1.0, 0.1}) {
        timeline->resetZoom();
        auto [lo, hi] = timeline->visibleRange();
        const double width = (hi - lo) * share;
        const double start = lo + (hi - lo) * 0.4;
        if (share < 1.0)
            timeline->setVisibleRange(start, start + width);
        panAndReport(timeline, share < 1.0 ? "pan (10% of the run)" : "pan (whole run)");
    }

    // 5. The agent's timeline: the big run among more of the agent's runs.
    if (agentRuns > 0) {
        const std::string agent = window.actionModel()->run().summary.agent;
        const auto have = std::count_if(listed.begin(), listed.end(), [&](const auto &r) { return r.agent == agent; });
        if (have < agentRuns + 1) {
            auto store = AuditStore::open(db.toStdString());
            if (!store) {
                std::fprintf(stderr, "%s\n", store.error().toString().c_str());
                return 2;
            }
            for (auto i = have; i < agentRuns + 1; ++i)
                makeRun(**store, 10000);
        }
        int shownRuns = 0;
        qint64 shownActions = 0;
        QObject::connect(&window, &MainWindow::agentTimelineShown, &window, [&](int runs, qint64 n) {
            shownRuns = runs;
            shownActions = n;
        });
        QElapsedTimer t;
        t.start();
        window.showAgent(QString::fromStdString(agent));
        if (!waitFor([&] { return shownRuns > 0; }, 300000)) {
            std::fprintf(stderr, "the agent's timeline was not shown\n");
            return 1;
        }
        window.repaint();
        const double agentSeconds = double(t.elapsed()) / 1000.0;
        waitFor([] { return false; }, 300);
        std::printf("agent timeline: %d runs, %lld actions laid out and shown in %.2f s; memory %.0f MiB resident\n",
                    shownRuns, static_cast<long long>(shownActions), agentSeconds, double(rssKiB()) / 1024.0);
        timeline->resetZoom();
        panAndReport(timeline, "agent timeline pan");
    }

    // 3. Live: from the gateway's timestamp on an action to its point painted.
    if (liveRuns > 0 && ResourcePaths::imageRoot()) {
        MainWindow live(dir.filePath(QStringLiteral("live.db")));
        live.resize(1400, 820);
        live.show();
        std::map<qint64, qint64> waiting; // seq -> time it entered the warden (ms)
        std::vector<double> delays;
        QString liveRun;
        QObject::connect(live.supervisor(), &RunSupervisor::actionArrived, &live,
                         [&](const QString &runId, const Action &a, const StoredVerdict &, const nlohmann::json &) {
                             liveRun = runId;
                             if (a.timeMs)
                                 waiting[a.seq] = *a.timeMs;
                         });
        QObject::connect(live.timeline(), &TimelineChart::redrawn, &live, [&] {
            if (waiting.empty() || live.actionModel()->run().summary.runId != liveRun.toStdString())
                return;
            live.timeline()->repaint();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (auto it = waiting.begin(); it != waiting.end();) {
                if (live.actionModel()->rowOfSeq(it->first) >= 0) {
                    delays.push_back(double(now - it->second));
                    it = waiting.erase(it);
                } else {
                    ++it;
                }
            }
        });
        int ended = 0;
        QObject::connect(live.supervisor(), &RunSupervisor::runEnded, &live, [&] { ++ended; });
        for (int i = 0; i < liveRuns; ++i) {
            live.startLiveDemo(QStringLiteral("code-bot"));
            if (!waitFor([&] { return ended > i; }, 120000)) {
                std::fprintf(stderr, "live run %d did not end\n", i + 1);
                break;
            }
            waitFor([] { return false; }, 300);
        }
        std::printf("live: action entered -> point painted p50 %.0f ms, p90 %.0f ms, max %.0f ms over %zu actions "
                    "(%d code-bot runs in bubblewrap)\n",
                    percentile(delays, 0.5), percentile(delays, 0.9),
                    delays.empty() ? 0.0 : *std::max_element(delays.begin(), delays.end()), delays.size(), liveRuns);
    } else {
        std::printf("live: skipped (no sandbox image, or --live-runs 0)\n");
    }
    return 0;
}
