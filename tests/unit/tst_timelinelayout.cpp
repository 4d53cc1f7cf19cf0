// Where actions land on the timeline: one run at its own scale, an agent's
// runs as bands, and live actions growing the last band. The chart is driven
// too (offscreen): appends, duplicates, recolouring and the bands it draws.
#include "core/store/RunReader.h"
#include "ui/timeline/TimelineChart.h"
#include "ui/timeline/TimelineLayout.h"

#include <QChartView>
#include <QGraphicsRectItem>
#include <QtTest>

using namespace warden;
using namespace warden::ui;

namespace {

Action actionAt(std::int64_t seq, std::optional<std::int64_t> timeMs, ActionKind kind = ActionKind::ToolCall)
{
    Action a;
    a.seq = seq;
    a.timeMs = timeMs;
    a.kind = kind;
    a.tool = "load_csv";
    return a;
}

StoredVerdict verdictOf(const char *decision, bool declared)
{
    StoredVerdict v;
    v.decision = decision;
    v.declared = declared;
    return v;
}

// A run of `n` actions, one every `stepMs` from `t0` (no times when t0 is empty).
RunDetail runOf(const char *id, std::int64_t startedMs, int n, std::optional<std::int64_t> t0, std::int64_t stepMs,
                const char *label = "benign")
{
    RunDetail run;
    run.summary.runId = id;
    run.summary.startedMs = startedMs;
    run.summary.label = label;
    for (int i = 0; i < n; ++i)
        run.log.append(actionAt(i + 1, t0 ? std::optional(*t0 + i * stepMs) : std::nullopt),
                       verdictOf(i % 2 ? "deny" : "allow", i % 2 == 0));
    run.summary.actions = n;
    return run;
}

TimelineLayout layoutOf(const std::vector<RunDetail> &runs)
{
    TimelineLayout layout;
    for (const auto &r : runs)
        layout.addRun(r);
    layout.finish();
    return layout;
}

const std::int64_t kDay = 86'400'000;
const std::int64_t kT = 1'790'000'000'000; // November 2026

} // namespace

class TestTimelineLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneRunKeepsItsOwnScale()
    {
        const auto layout = layoutOf({runOf("r1", kT, 5, kT, 1500)});
        QCOMPARE(layout.bands().size(), std::size_t(1));
        QCOMPARE(layout.points().size(), std::size_t(5));
        // Seconds since the first action, as the single-run timeline always read.
        for (std::size_t i = 0; i < 5; ++i)
            QCOMPARE(layout.points()[i].x, 1.5 * static_cast<double>(i));
        QCOMPARE(layout.bands()[0].from, 0.0);
        QCOMPARE(layout.bands()[0].to, 6.0);
        QVERIFY(layout.timed());
        QCOMPARE(layout.points()[1].decision, std::uint8_t(TimelinePoints::decisionIndex(QStringLiteral("deny"))));
        QVERIFY(layout.points()[0].declared);
        QVERIFY(!layout.points()[1].declared);
    }

    void aRunWithoutTimesGoesBySequence()
    {
        const auto layout = layoutOf({runOf("r1", kT, 4, std::nullopt, 0)});
        QVERIFY(!layout.timed());
        QCOMPARE(layout.points().front().x, 1.0);
        QCOMPARE(layout.points().back().x, 4.0);
    }

    void runsBecomeEqualBandsOldestFirst()
    {
        // A minute-long run, a day later a ten-second one, a week later a two-minute one.
        const auto layout = layoutOf({runOf("a", kT, 61, kT, 1000), runOf("b", kT + kDay, 11, kT + kDay, 1000),
                                      runOf("c", kT + 8 * kDay, 121, kT + 8 * kDay, 1000, "malicious")});
        const auto &bands = layout.bands();
        QCOMPARE(bands.size(), std::size_t(3));
        QCOMPARE(bands[0].runId, QStringLiteral("a"));
        QCOMPARE(bands[2].runId, QStringLiteral("c"));
        QCOMPARE(bands[2].label, QStringLiteral("malicious"));
        // Bands in order, apart, all as wide: the ten-second run as the two-minute one.
        for (std::size_t i = 0; i < bands.size(); ++i) {
            QCOMPARE(bands[i].to - bands[i].from, TimelineLayout::kBandWidth);
            if (i > 0)
                QCOMPARE(bands[i].from - bands[i - 1].to, TimelineLayout::kBandGap);
        }
        QCOMPARE(bands[0].span, 60.0);
        QCOMPARE(bands[1].span, 10.0);
        QCOMPARE(bands[2].span, 120.0);
        // Each point inside its own band, evenly spread as its times were, all sorted by x.
        std::vector<int> counts(bands.size());
        for (std::size_t i = 0; i < layout.points().size(); ++i) {
            const TimelinePoint &p = layout.points()[i];
            QVERIFY(p.x >= bands[p.band].from && p.x <= bands[p.band].to);
            ++counts[p.band];
            if (i > 0) {
                QVERIFY(layout.points()[i - 1].x <= p.x);
                if (layout.points()[i - 1].band == p.band)
                    QCOMPARE(p.x - layout.points()[i - 1].x, bands[p.band].scale * 1.0);
            }
        }
        QCOMPARE(counts, (std::vector<int>{61, 11, 121}));
        // The first and last action of a run just inside its band's edges.
        QCOMPARE(layout.points().front().x, bands[0].from + TimelineLayout::kBandPad);
        QCOMPARE(layout.points().back().x, bands[2].to - TimelineLayout::kBandPad);
    }

    void aOneActionRunSitsInTheMiddleOfItsBand()
    {
        const auto layout = layoutOf({runOf("long", kT, 3601, kT, 1000), runOf("blip", kT + kDay, 1, kT + kDay, 0)});
        const auto &bands = layout.bands();
        QCOMPARE(bands[1].to - bands[1].from, bands[0].to - bands[0].from);
        QCOMPARE(bands[1].span, 0.0);
        QCOMPARE(layout.points().back().x, (bands[1].from + bands[1].to) / 2);
    }

    void reviewersOutcomesRecolourWaitingActions()
    {
        RunDetail run = runOf("r1", kT, 3, kT, 1000);
        run.approvals.push_back({{"seq", 2}, {"state", "approved"}});
        run.approvals.push_back({{"seq", 3}, {"state", "pending"}});
        run.approvals.push_back({{"seq", "3"}, {"state", "expired"}}); // not a sequence number: ignored
        const auto layout = layoutOf({run});
        QCOMPARE(layout.points()[1].decision, std::uint8_t(TimelinePoints::decisionIndex(QStringLiteral("approved"))));
        QCOMPARE(layout.points()[2].decision, std::uint8_t(TimelinePoints::decisionIndex(QStringLiteral("allow"))));
    }

    void liveActionsGrowOnlyTheLastBand()
    {
        auto layout = layoutOf({runOf("a", kT, 3, kT, 1000), runOf("b", kT + kDay, 2, kT + kDay, 1000)});
        const double end = layout.bands()[1].to;
        // The last run: placed at its band's scale (its two actions a second
        // apart fill the band), the band grown to the right to hold it.
        auto p = layout.place(QStringLiteral("b"), 3, kT + kDay + 5000, false, 1, 0);
        QVERIFY(p);
        QCOMPARE(p->band, std::uint32_t(1));
        const double inner = TimelineLayout::kBandWidth - 2 * TimelineLayout::kBandPad;
        QCOMPARE(p->x - layout.bands()[1].from, TimelineLayout::kBandPad + 5 * inner);
        QCOMPARE(layout.bands()[1].to, p->x);
        QCOMPARE(layout.points().size(), std::size_t(6)); // kept, in x order
        QCOMPARE(layout.points().back().x, p->x);
        QVERIFY(layout.bands()[1].to > end);
        QVERIFY(layout.holds(QStringLiteral("b"), 3));
        QVERIFY(layout.holds(QStringLiteral("a"), 2));
        QVERIFY(!layout.holds(QStringLiteral("b"), 4));
        // A run in the middle or one not on the timeline: not placed.
        QVERIFY(!layout.place(QStringLiteral("a"), 4, kT + 4000, true, 0, 0));
        QVERIFY(!layout.place(QStringLiteral("zzz"), 1, kT, true, 0, 0));
        QVERIFY(!layout.holds(QStringLiteral("zzz"), 1));
    }

    void aLiveRunStartsAtTheLeftOfItsBand()
    {
        RunDetail empty;
        empty.summary.runId = "live";
        empty.summary.startedMs = kT + kDay;
        auto layout = layoutOf({runOf("a", kT, 3, kT, 1000), empty});
        const TimelineBand band = layout.bands()[1];
        auto first = layout.place(QStringLiteral("live"), 1, kT + kDay + 300, true, 0, 0);
        auto second = layout.place(QStringLiteral("live"), 2, kT + kDay + 2300, true, 0, 0);
        QVERIFY(first && second);
        QCOMPARE(first->x, band.from + TimelineLayout::kBandPad);
        // Ten seconds fill a band until the run is laid out again.
        QCOMPARE(second->x - first->x, (TimelineLayout::kBandWidth - 2 * TimelineLayout::kBandPad) / 5);
        QCOMPARE(layout.bands()[1].span, 2.0); // the caption's length follows the live run
        QCOMPARE(layout.bands()[1].actions, std::int64_t(2));
    }

    void aLiveRunsFirstActionSetsItsScale()
    {
        RunDetail empty;
        empty.summary.runId = "live";
        empty.summary.startedMs = kT;
        auto layout = layoutOf({empty});
        QCOMPARE(layout.points().size(), std::size_t(0));
        auto first = layout.place(QStringLiteral("live"), 1, kT + 700, true, 0, 0);
        auto second = layout.place(QStringLiteral("live"), 2, kT + 2700, true, 0, 0);
        QVERIFY(first && second);
        QCOMPARE(first->x, 0.0);
        QCOMPARE(second->x, 2.0);
    }

    void theChartDrawsBandsAndTakesLiveActions()
    {
        TimelineChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setLayout(layoutOf({runOf("a", kT, 3, kT, 1000), runOf("b", kT + kDay, 2, kT + kDay, 1000)}),
                        QStringLiteral("a"));
        QVERIFY(chart.showsSeveralRuns());
        QCOMPARE(chart.totalPoints(), std::size_t(5));
        QCOMPARE(chart.drawnPoints(), 5);
        // One shaded rectangle per run, saying which run it is; the open one outlined.
        auto *view = chart.findChild<QChartView *>();
        QVERIFY(view);
        QStringList bands;
        for (QGraphicsItem *item : view->scene()->items())
            if (auto *rect = qgraphicsitem_cast<QGraphicsRectItem *>(item);
                rect && rect->toolTip().startsWith(QLatin1String("Run ")))
                bands << rect->toolTip().section(QLatin1Char(','), 0, 0) +
                             (rect->pen().style() == Qt::NoPen ? QString() : QStringLiteral(" open"));
        bands.sort();
        QCOMPARE(bands, QStringList({QStringLiteral("Run a open"), QStringLiteral("Run b")}));
        // A live action of the last run is drawn with the next frame; one of
        // the first run is refused (the caller reads the runs again); one
        // already on the chart is taken without a second point.
        QSignalSpy redrawn(&chart, &TimelineChart::redrawn);
        QVERIFY(chart.appendAction(QStringLiteral("b"), actionAt(3, kT + kDay + 3000), verdictOf("deny", false)));
        QVERIFY(!chart.appendAction(QStringLiteral("a"), actionAt(4, kT + 9000), verdictOf("allow", true)));
        QVERIFY(chart.appendAction(QStringLiteral("b"), actionAt(2, kT + kDay + 1000), verdictOf("deny", false)));
        QCOMPARE(chart.totalPoints(), std::size_t(6));
        QTRY_VERIFY(redrawn.count() >= 1);
        QCOMPARE(chart.drawnPoints(), 6);
        // An approval's outcome recolours the action of that run only.
        RunDetail waiting = runOf("w", kT, 2, kT, 1000);
        chart.setLayout(layoutOf({runOf("a", kT - kDay, 2, kT - kDay, 1000), waiting}), QStringLiteral("w"));
        chart.setOutcome(QStringLiteral("w"), 2, "rejected");
        const int rejected = TimelinePoints::decisionIndex(QStringLiteral("rejected"));
        int recoloured = 0;
        for (const auto &p : chart.layout().points())
            recoloured += p.decision == rejected;
        QCOMPARE(recoloured, 1);
        QCOMPARE(chart.layout().points().back().decision, std::uint8_t(rejected));
        // One run again: no bands, the axis counts seconds.
        chart.setRun(runOf("solo", kT, 4, kT, 1000));
        QVERIFY(!chart.showsSeveralRuns());
        QCOMPARE(chart.totalPoints(), std::size_t(4));
    }
};

QTEST_MAIN(TestTimelineLayout)
#include "tst_timelinelayout.moc"
