#pragma once

#include "timeline/TimelinePoints.h"

#include <QWidget>

#include "store/StoredVerdict.h"

#include <functional>

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
class TimelineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);

    // A run as RunReader::loadRunLog reads it (its `log`).
    void setRun(const RunDetail &run);
    // A live action: added in place, drawn with the next frame (at most one
    // redraw per 16 ms). A view showing the whole run keeps following it.
    void appendAction(const Action &action, const StoredVerdict &verdict);
    // Recolours an approval_required action once it is approved, rejected or expired.
    void setOutcome(std::int64_t seq, const std::string &state);
    // What hovering over an action shows; looked up when needed, so a
    // million actions cost no million strings.
    void setLabelSource(std::function<QString(qint64 seq)> source) { m_labelOf = std::move(source); }
    void resetZoom();
    // The visible range, in axis units; pan() moves it (benchmarks, keyboard).
    void pan(double dx);
    std::pair<double, double> visibleRange() const { return {m_lo, m_hi}; }
    void setVisibleRange(double lo, double hi);
    int drawnPoints() const;
    std::size_t totalPoints() const { return m_points.size(); }

Q_SIGNALS:
    void actionActivated(qint64 seq);
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
    TimelinePoint pointOf(std::int64_t seq, std::optional<std::int64_t> timeMs, bool declared, int decision) const;
    TimelinePoint pointOf(const Action &action, const StoredVerdict &verdict) const;

    std::vector<TimelinePoint> m_points; // sorted by x
    std::function<QString(qint64)> m_labelOf;
    std::int64_t m_t0 = 0;
    bool m_redrawQueued = false;
    QChart *m_chart;
    QChartView *m_view;
    QValueAxis *m_axisX;
    QCategoryAxis *m_axisY;
    std::vector<QScatterSeries *> m_series; // lane * decisions
    double m_min = 0;
    double m_max = 1;
    double m_lo = 0;
    double m_hi = 1;
    bool m_timed = true;
    QPoint m_dragFrom;
    bool m_dragging = false;
};

} // namespace warden::ui
