#pragma once

#include <QPointF>
#include <QString>

#include <cstdint>
#include <vector>

namespace warden::ui {

// One action on the timeline: where it is and how it was decided.
struct TimelinePoint {
    std::int64_t seq = 0;
    double x = 0; // where on the axis (TimelineLayout)
    bool declared = false;
    std::uint8_t decision = 0; // index into TimelinePoints::decisionNames()
    std::uint8_t kind = 0;     // the action's ActionKind
    std::uint32_t band = 0;    // which run (TimelineLayout::bands())
};

// Reduces a run's points to what a chart of `buckets` pixel columns can
// show: per column, lane and decision, one representative (the first). A
// million actions become a few thousand markers, and the reduction is linear.
class TimelinePoints {
public:
    static const std::vector<QString> &decisionNames();
    static int decisionIndex(const QString &decision);

    static std::vector<TimelinePoint> reduce(const std::vector<TimelinePoint> &points, double xMin, double xMax,
                                             int buckets);
};

} // namespace warden::ui
