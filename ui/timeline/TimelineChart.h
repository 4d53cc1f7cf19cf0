#pragma once

#include "timeline/TimelinePoints.h"

#include <QWidget>

class QChart;
class QChartView;
class QScatterSeries;
class QValueAxis;
class QCategoryAxis;

namespace warden {
struct RunDetail;
}

namespace warden::ui {

// A run's actions over time in two lanes, declared above undeclared, each
// marker coloured by its decision. Hover shows the action, a click selects
// it, the wheel zooms and dragging pans. Only what the pixels can show is
// drawn (TimelinePoints::reduce), so a run of a million actions stays smooth.
class TimelineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);

    void setRun(const RunDetail &run);
    void resetZoom();
    int drawnPoints() const;
    std::size_t totalPoints() const { return m_points.size(); }

Q_SIGNALS:
    void actionActivated(qint64 seq);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void redraw();
    void zoom(double factor, double centerX);
    void pan(double dx);

    std::vector<TimelinePoint> m_points;
    std::vector<QString> m_labels; // per point, for hover
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
