#pragma once

#include "ui/timeline/RunBands.h"
#include "ui/timeline/TimelineLayout.h"

#include <QWidget>

#include "core/policy/StoredVerdict.h"

#include <functional>
#include <vector>

class QChart;
class QChartView;
class QScatterSeries;
class QValueAxis;
class QCategoryAxis;

namespace warden {
struct Action;
struct RunDetail;
} // namespace warden

namespace warden::ui {

// A run's actions over time in two lanes, declared above undeclared, each
// marker coloured by its decision. Hover shows the action, a click selects
// it, the wheel zooms and dragging pans. Only what the pixels can show is
// drawn (TimelinePoints::reduce), so a run of a million actions stays smooth.
// It can also show all of an agent's runs, one band each (TimelineLayout).
class TimelineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);

    // A run as RunReader::loadRunLog reads it (its `log`).
    void setRun(const RunDetail &run);
    // Several runs (an agent's), laid out as bands; `current` is highlighted.
    void setLayout(TimelineLayout layout, const QString &current = {});
    // The run whose band is highlighted (several runs shown).
    void setCurrentRun(const QString &runId);
    const TimelineLayout &layout() const { return m_layout; }
    bool showsSeveralRuns() const { return m_layout.bands().size() > 1; }
    // A live action of `runId`: added in place, drawn with the next frame (at
    // most one redraw per 16 ms); a view showing everything keeps following
    // it. False when the chart cannot place it: the run is not shown, or
    // its band is not the last (the caller lays the runs out again).
    bool appendAction(const QString &runId, const Action &action, const StoredVerdict &verdict);
    // Recolours an approval_required action once it is approved, rejected or expired.
    void setOutcome(const QString &runId, std::int64_t seq, const std::string &state);
    // What hovering over an action shows; looked up when needed, so a
    // million actions cost no million strings. An empty answer: the chart
    // says what it knows (run, sequence number, kind, decision).
    void setLabelSource(std::function<QString(const QString &runId, qint64 seq)> source)
    {
        m_labelOf = std::move(source);
    }
    // Rings the points of `runId` whose sequence numbers are given (what-if:
    // the actions a declaration would decide differently), with `legend` in
    // the legend; they stay marked while the run is shown. Empty: no rings.
    void setMarked(const QString &runId, const std::vector<std::int64_t> &seqs, const QString &legend);
    int drawnMarks() const;
    void resetZoom();
    // The visible range, in axis units; pan() moves it (benchmarks, keyboard).
    void pan(double dx);
    std::pair<double, double> visibleRange() const { return {m_lo, m_hi}; }
    void setVisibleRange(double lo, double hi);
    int drawnPoints() const;
    std::size_t totalPoints() const { return m_layout.points().size(); }

Q_SIGNALS:
    void actionActivated(const QString &runId, qint64 seq);
    // A click on a run's band, away from its points (several runs shown).
    void runActivated(const QString &runId);
    // The series were just rebuilt; the next paint shows them (benchmarks).
    void redrawn();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void redraw();
    void followPalette(); // light or dark, as the application's palette is
    void retranslate();   // lane names, axis title, tooltip
    void zoom(double factor, double centerX);
    std::pair<double, double> wholeRange() const; // all the points (or all the bands), on the axis
    void frameWhole();                            // the view: that range with a margin
    QString describe(const TimelinePoint &point) const;
    // The point under a hovered or clicked marker (x and lane).
    const TimelinePoint *pointAt(const QPointF &value) const;
    void placeMarks(); // the marked points' positions in the current layout, by x

    TimelineLayout m_layout; // its points sorted by x
    QString m_currentRun;
    RunBands m_bands; // several runs: one shaded band and caption each
    std::function<QString(const QString &, qint64)> m_labelOf;
    bool m_redrawQueued = false;
    double m_ticksForWidth = 0; // the plot width the axis' ticks were chosen for
    QChart *m_chart;
    QChartView *m_view;
    QValueAxis *m_axisX;
    QCategoryAxis *m_axisY;
    std::vector<QScatterSeries *> m_series; // lane * decisions
    QScatterSeries *m_marks;                // rings over the marked points
    QString m_markedRun;
    std::vector<std::int64_t> m_markedSeqs; // sorted
    std::vector<QPointF> m_markedPoints;    // sorted by x
    double m_min = 0;
    double m_max = 1;
    double m_lo = 0;
    double m_hi = 1;
    QPoint m_dragFrom;
    QPoint m_pressedAt;
    bool m_dragging = false;
};

} // namespace warden::ui
