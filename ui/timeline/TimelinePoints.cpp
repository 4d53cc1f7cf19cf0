#include "ui/timeline/TimelinePoints.h"

#include <algorithm>
#include <unordered_set>

namespace warden::ui {

const std::vector<QString> &TimelinePoints::decisionNames()
{
    // The policy's three decisions, then what a reviewer (or silence) made of approval_required.
    static const std::vector<QString> names = {
        QStringLiteral("allow"),    QStringLiteral("deny"),     QStringLiteral("approval_required"),
        QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("expired")};
    return names;
}

int TimelinePoints::decisionIndex(const QString &decision)
{
    const auto &names = decisionNames();
    auto it = std::find(names.begin(), names.end(), decision);
    return it == names.end() ? 1 : static_cast<int>(it - names.begin()); // unknown reads as deny
}

std::vector<TimelinePoint> TimelinePoints::reduce(const std::vector<TimelinePoint> &points, double xMin, double xMax,
                                                  int buckets)
{
    std::vector<TimelinePoint> out;
    if (points.empty() || buckets <= 0 || xMax < xMin)
        return out;
    const double span = std::max(xMax - xMin, 1e-9);
    const int kinds = static_cast<int>(decisionNames().size());
    std::unordered_set<std::int64_t> taken;
    // Points are in x order, so the visible range is one contiguous slice.
    auto first =
        std::lower_bound(points.begin(), points.end(), xMin, [](const TimelinePoint &p, double x) { return p.x < x; });
    for (auto it = first; it != points.end() && it->x <= xMax; ++it) {
        const auto bucket = static_cast<std::int64_t>((it->x - xMin) / span * (buckets - 1));
        const std::int64_t key = (bucket * 2 + (it->declared ? 1 : 0)) * kinds + it->decision;
        if (taken.insert(key).second)
            out.push_back(*it);
    }
    return out;
}

} // namespace warden::ui
