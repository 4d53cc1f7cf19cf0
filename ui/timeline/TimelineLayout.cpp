#include "ui/timeline/TimelineLayout.h"
#include "core/json/JsonLookup.h"

#include "core/store/RunReader.h"

#include <algorithm>
#include <unordered_map>

namespace warden::ui {

double TimelineLayout::localX(const TimelineBand &band, std::int64_t seq, std::optional<std::int64_t> timeMs) const
{
    return band.timed && timeMs ? static_cast<double>(*timeMs - band.t0) / 1000.0 : static_cast<double>(seq);
}

void TimelineLayout::addRun(const RunDetail &run)
{
    const ActionLog &log = run.log;
    TimelineBand band;
    band.runId = QString::fromStdString(run.summary.runId);
    band.startedMs = run.summary.startedMs;
    // A failed run's band never reads benign (DisplayWords::runLabel).
    band.label = run.summary.state == "failed" && (run.summary.label.empty() || run.summary.label == "benign")
                     ? QStringLiteral("failed")
                     : QString::fromStdString(run.summary.label);
    band.actions = static_cast<std::int64_t>(log.size());
    band.timed = log.empty() || log.row(0).timeMs != ActionLog::kNoTime;
    band.t0 = !log.empty() && band.timed ? log.row(0).timeMs : 0;
    const auto bandIndex = static_cast<std::uint32_t>(m_bands.size());

    // What reviewers (or silence) made of the waiting ones.
    std::unordered_map<std::int64_t, std::uint8_t> outcomes;
    for (const auto &a : run.approvals)
        if (JsonLookup::stringOr(a, "state") != "pending" && a.contains("seq") && a.at("seq").is_number_integer())
            outcomes[a.at("seq").get<std::int64_t>()] = static_cast<std::uint8_t>(
                TimelinePoints::decisionIndex(QString::fromStdString(JsonLookup::stringOr(a, "state"))));

    m_points.reserve(m_points.size() + log.size());
    std::unordered_map<std::uint8_t, std::uint8_t> decisions; // the log's few decision names, looked up once
    for (std::size_t i = 0; i < log.size(); ++i) {
        const ActionLog::Row &r = log.row(i);
        auto d = decisions.find(r.decision);
        if (d == decisions.end())
            d = decisions
                    .emplace(r.decision, static_cast<std::uint8_t>(
                                             TimelinePoints::decisionIndex(QString::fromStdString(log.decision(i)))))
                    .first;
        TimelinePoint p;
        p.seq = r.seq;
        p.x = localX(band, r.seq, r.timeMs == ActionLog::kNoTime ? std::nullopt : std::optional(r.timeMs));
        p.declared = r.declared;
        p.decision = d->second;
        if (!outcomes.empty())
            if (auto o = outcomes.find(r.seq); o != outcomes.end())
                p.decision = o->second;
        p.kind = static_cast<std::uint8_t>(r.kind);
        p.band = bandIndex;
        m_points.push_back(p);
        band.lastSeq = std::max(band.lastSeq, r.seq);
    }
    m_bands.push_back(std::move(band));
}

void TimelineLayout::addRun(TimelineLayout &&alone)
{
    if (alone.m_bands.size() != 1)
        return; // not one run: nothing a caller could mean
    const auto bandIndex = static_cast<std::uint32_t>(m_bands.size());
    m_points.reserve(m_points.size() + alone.m_points.size());
    for (TimelinePoint p : alone.m_points) {
        p.band = bandIndex;
        m_points.push_back(p);
    }
    m_bands.push_back(std::move(alone.m_bands.front()));
}

void TimelineLayout::finish()
{
    // Each band's extent as added (points are still grouped by band).
    struct Extent {
        double lo = 0, hi = 0;
        bool any = false;
    };
    std::vector<Extent> extents(m_bands.size());
    for (const auto &p : m_points) {
        Extent &e = extents[p.band];
        e.lo = e.any ? std::min(e.lo, p.x) : p.x;
        e.hi = e.any ? std::max(e.hi, p.x) : p.x;
        e.any = true;
    }
    for (std::size_t i = 0; i < m_bands.size(); ++i) {
        m_bands[i].first = extents[i].lo;
        m_bands[i].last = extents[i].hi;
        m_bands[i].span = extents[i].hi - extents[i].lo;
    }
    if (m_bands.size() == 1) {
        // One run keeps its own scale: seconds since its first action.
        TimelineBand &b = m_bands.front();
        b.offset = 0;
        b.scale = 1;
        b.from = extents[0].lo;
        b.to = std::max(extents[0].hi, b.from + (b.timed ? 0.05 : 1.0)); // 50 ms, or one step
    } else if (!m_bands.empty()) {
        // Every run gets the same width, its actions spread across it: a
        // one-second run reads as well as an hour-long one beside it.
        double at = 0;
        for (std::size_t i = 0; i < m_bands.size(); ++i) {
            TimelineBand &b = m_bands[i];
            b.from = at;
            b.to = at + kBandWidth;
            // The actions keep off the band's edges, where they would touch the next band.
            const double inner = kBandWidth - 2 * kBandPad;
            if (b.span > 0) {
                b.scale = inner / b.span;
                b.offset = b.from + kBandPad - extents[i].lo * b.scale;
            } else { // one moment (or nothing yet): the first ten seconds or steps fill the band
                b.scale = inner / 10.0;
                b.offset = b.from + kBandPad - extents[i].lo * b.scale + (extents[i].any ? inner / 2 : 0);
            }
            at = b.to + kBandGap;
        }
        for (auto &p : m_points)
            p.x = m_bands[p.band].offset + p.x * m_bands[p.band].scale;
    }
    // Bands do not overlap, so sorting by x keeps each band's points together.
    std::stable_sort(m_points.begin(), m_points.end(), [](const auto &a, const auto &b) { return a.x < b.x; });
}

std::optional<TimelinePoint> TimelineLayout::place(const QString &runId, std::int64_t seq,
                                                   std::optional<std::int64_t> timeMs, bool declared, int decision,
                                                   std::uint8_t kind)
{
    if (m_bands.empty() || m_bands.back().runId != runId)
        return std::nullopt;
    TimelineBand &band = m_bands.back();
    if (band.actions == 0) { // the run's first action sets its scale
        band.timed = timeMs.has_value();
        band.t0 = timeMs.value_or(0);
    }
    ++band.actions;
    band.lastSeq = std::max(band.lastSeq, seq);
    const double local = localX(band, seq, timeMs);
    band.first = band.actions == 1 ? local : std::min(band.first, local);
    band.last = band.actions == 1 ? local : std::max(band.last, local);
    band.span = band.last - band.first; // the caption's length follows a live run
    TimelinePoint p;
    p.seq = seq;
    p.x = band.offset + local * band.scale;
    p.declared = declared;
    p.decision = static_cast<std::uint8_t>(decision);
    p.kind = kind;
    p.band = static_cast<std::uint32_t>(m_bands.size() - 1);
    if (band.actions == 1 && m_bands.size() == 1)
        band.from = p.x;
    band.from = std::min(band.from, p.x);
    band.to = std::max(band.to, p.x);
    // Kept in x order (actions arrive in order, their times nearly so).
    m_points.insert(std::upper_bound(m_points.begin(), m_points.end(), p.x,
                                     [](double x, const TimelinePoint &t) { return x < t.x; }),
                    p);
    return p;
}

bool TimelineLayout::setDecision(const QString &runId, std::int64_t seq, int decision)
{
    const int band = bandOf(runId);
    if (band < 0)
        return false;
    // Recent actions are at the back: search from there.
    for (auto it = m_points.rbegin(); it != m_points.rend(); ++it) {
        if (it->seq == seq && it->band == static_cast<std::uint32_t>(band)) {
            it->decision = static_cast<std::uint8_t>(decision);
            return true;
        }
    }
    return false;
}

int TimelineLayout::bandOf(const QString &runId) const
{
    for (std::size_t i = 0; i < m_bands.size(); ++i)
        if (m_bands[i].runId == runId)
            return static_cast<int>(i);
    return -1;
}

bool TimelineLayout::holds(const QString &runId, std::int64_t seq) const
{
    // Live actions come in sequence order, so anything up to the last one is in.
    const int band = bandOf(runId);
    return band >= 0 && m_bands[static_cast<std::size_t>(band)].actions > 0 &&
           seq <= m_bands[static_cast<std::size_t>(band)].lastSeq;
}

bool TimelineLayout::timed() const
{
    return std::all_of(m_bands.begin(), m_bands.end(), [](const TimelineBand &b) { return b.timed; });
}

} // namespace warden::ui
