#pragma once

#include "ui/timeline/TimelinePoints.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace warden {
struct RunDetail;
} // namespace warden

namespace warden::ui {

// One run's stretch of a timeline's x axis.
struct TimelineBand {
    QString runId;
    std::int64_t startedMs = 0; // when the run started (its caption)
    QString label;              // its judgement's label; empty when not judged
    std::int64_t actions = 0;
    std::int64_t lastSeq = 0; // its highest sequence number placed so far
    bool timed = true;        // x is seconds since the run's first action; else its sequence number
    std::int64_t t0 = 0;      // that first action's time, epoch ms
    double first = 0;         // its first and last action, in seconds (or sequence steps)
    double last = 0;
    double span = 0;   // last - first
    double scale = 1;  // axis units per second (or step) within the band
    double offset = 0; // where the run's zero lands on the axis
    double from = 0;   // the band's extent on the axis
    double to = 0;
};

// Where actions sit on a timeline's x axis. One run: seconds since its first
// action (its sequence numbers when it has no times). Several runs (all of an
// agent's): each run is a band of the same width, oldest first, its actions
// spread across it in time order. The idle time between runs is left out and
// a one-second run reads as well as an hour-long one beside it; a band's
// caption gives its run's length. A live run's band grows to the right.
//
// Built off the GUI thread from each run's log; a run's stored text can be
// dropped once it is added (a point is 24 bytes).
class TimelineLayout {
public:
    static constexpr double kBandWidth = 100.0; // axis units per run, several runs shown
    static constexpr double kBandGap = 4.0;
    static constexpr double kBandPad = 3.0; // inside a band, before its first action and after its last

    // Adds a run (read by RunReader::loadRunLog), after the ones already
    // added; what reviewers made of its waiting actions recolours them.
    void addRun(const RunDetail &run);
    // Adds a run laid out on its own (one addRun, not finished): the run
    // that is open already, so it need not be read from the store again.
    void addRun(TimelineLayout &&alone);
    // Lays the bands end to end and sorts the points by x.
    void finish();

    // A live action of `runId`: its point, added to the last band (and the
    // band grown to hold it). Nothing when the run is not the last band: a
    // band in the middle cannot grow without moving the ones after it.
    std::optional<TimelinePoint> place(const QString &runId, std::int64_t seq, std::optional<std::int64_t> timeMs,
                                       bool declared, int decision, std::uint8_t kind);

    // Recolours the action `seq` of `runId` (an approval's outcome); false
    // when it is not on the timeline.
    bool setDecision(const QString &runId, std::int64_t seq, int decision);
    int bandOf(const QString &runId) const;
    // Whether the action `seq` of `runId` is on the timeline already (a live
    // action that arrived while the run was being read from the store).
    bool holds(const QString &runId, std::int64_t seq) const;
    const std::vector<TimelineBand> &bands() const { return m_bands; }
    const std::vector<TimelinePoint> &points() const { return m_points; }
    // All bands measured in seconds (else some count sequence numbers).
    bool timed() const;

private:
    double localX(const TimelineBand &band, std::int64_t seq, std::optional<std::int64_t> timeMs) const;

    std::vector<TimelineBand> m_bands;
    std::vector<TimelinePoint> m_points;
};

} // namespace warden::ui
