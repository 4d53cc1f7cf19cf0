#include "ui/timeline/TimelinePoints.h"

#include <QtTest>

using namespace warden::ui;

class TestTimelinePoints : public QObject {
    Q_OBJECT

    static std::vector<TimelinePoint> many(std::size_t n)
    {
        std::vector<TimelinePoint> v(n);
        for (std::size_t i = 0; i < n; ++i) {
            v[i].seq = static_cast<std::int64_t>(i + 1);
            v[i].x = static_cast<double>(i) * 0.01;
            v[i].declared = i % 3 != 0;
            v[i].decision = v[i].declared ? 0 : 1;
        }
        return v;
    }

private Q_SLOTS:
    void keepsEveryPointWhenThereIsRoom()
    {
        auto v = many(10);
        auto r = TimelinePoints::reduce(v, 0, 0.09, 1000);
        QCOMPARE(r.size(), std::size_t(10));
    }

    void reducesAMillionToThePixels()
    {
        auto v = many(1'000'000);
        auto r = TimelinePoints::reduce(v, v.front().x, v.back().x, 400);
        QVERIFY(r.size() <= 400 * 2 * 3);
        QVERIFY(r.size() >= 400); // every column still shows something
        // Both lanes survive the reduction.
        QVERIFY(std::any_of(r.begin(), r.end(), [](const auto &p) { return p.declared; }));
        QVERIFY(std::any_of(r.begin(), r.end(), [](const auto &p) { return !p.declared; }));
    }

    void onlyTheVisibleRange()
    {
        auto v = many(1000);
        auto r = TimelinePoints::reduce(v, 2.0, 3.0, 10000);
        QVERIFY(!r.empty());
        for (const auto &p : r)
            QVERIFY(p.x >= 2.0 && p.x <= 3.0);
    }

    void aRareDecisionIsNeverHidden()
    {
        auto v = many(100000);
        v[50000].decision = 2; // one approval among a crowd
        v[50000].declared = true;
        auto r = TimelinePoints::reduce(v, v.front().x, v.back().x, 100);
        QVERIFY(std::any_of(r.begin(), r.end(), [](const auto &p) { return p.decision == 2; }));
    }
};

QTEST_GUILESS_MAIN(TestTimelinePoints)
#include "tst_timelinepoints.moc"
