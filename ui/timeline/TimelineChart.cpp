#include "timeline/TimelineChart.h"

#include "common/LabelColors.h"
#include "store/RunReader.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace warden::ui {

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent), m_chart(new QChart), m_view(new QChartView(m_chart)), m_axisX(new QValueAxis),
      m_axisY(new QCategoryAxis)
{
    setObjectName(QStringLiteral("timelineChart"));
    // Six decisions: one row under the chart fits them where a column beside it did not.
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = m_chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_chart->legend()->setFont(small);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_axisY->setRange(-0.6, 1.6);
    m_axisY->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    m_axisY->setGridLineVisible(false);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    const auto &names = TimelinePoints::decisionNames();
    for (int lane = 0; lane < 2; ++lane) {
        for (std::size_t d = 0; d < names.size(); ++d) {
            auto *s = new QScatterSeries;
            s->setName(lane == 1 ? names[d] : QString());
            s->setMarkerSize(lane == 1 ? 9 : 11);
            s->setMarkerShape(lane == 1 ? QScatterSeries::MarkerShapeCircle : QScatterSeries::MarkerShapeRectangle);
            s->setColor(LabelColors::forDecision(names[d]));
            s->setBorderColor(LabelColors::forDecision(names[d]).darker(130));
            s->setUseOpenGL(false);
            m_chart->addSeries(s);
            s->attachAxis(m_axisX);
            s->attachAxis(m_axisY);
            if (lane == 0)
                m_chart->legend()->markers(s).value(0)->setVisible(false);
            connect(s, &QScatterSeries::hovered, this, [this](const QPointF &p, bool on) {
                if (!on) {
                    QToolTip::hideText();
                    return;
                }
                auto it = std::lower_bound(m_points.begin(), m_points.end(), p.x(),
                                           [](const TimelinePoint &t, double x) { return t.x < x; });
                if (it != m_points.end())
                    QToolTip::showText(QCursor::pos(), m_labelOf ? m_labelOf(it->seq) : QStringLiteral("#%1").arg(it->seq));
            });
            connect(s, &QScatterSeries::clicked, this, [this](const QPointF &p) {
                auto it = std::lower_bound(m_points.begin(), m_points.end(), p.x(),
                                           [](const TimelinePoint &t, double x) { return t.x < x; });
                if (it != m_points.end())
                    Q_EMIT actionActivated(it->seq);
            });
            m_series.push_back(s);
        }
    }
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->viewport()->installEventFilter(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setMinimumHeight(230); // lanes, axis labels and the legend row all readable
    retranslate();
    followPalette();
}

void TimelineChart::retranslate()
{
    for (const QString &lane : m_axisY->categoriesLabels())
        m_axisY->remove(lane);
    m_axisY->append(tr("undeclared"), 0.5);
    m_axisY->append(tr("declared"), 1.6);
    m_axisX->setTitleText(m_timed ? tr("seconds since the first action") : tr("sequence number"));
    setToolTip(tr("Declared actions above, undeclared below. Wheel to zoom, drag to pan, double-click to reset."));
}

TimelinePoint TimelineChart::pointOf(std::int64_t seq, std::optional<std::int64_t> timeMs, bool declared,
                                     int decision) const
{
    TimelinePoint p;
    p.seq = seq;
    p.x = m_timed && timeMs ? static_cast<double>(*timeMs - m_t0) / 1000.0 : static_cast<double>(seq);
    p.declared = declared;
    p.decision = decision;
    return p;
}

TimelinePoint TimelineChart::pointOf(const Action &a, const StoredVerdict &v) const
{
    return pointOf(a.seq, a.timeMs, v.declared, TimelinePoints::decisionIndex(QString::fromStdString(v.decision)));
}

void TimelineChart::setRun(const RunDetail &run)
{
    // The log's index holds all the timeline needs.
    const ActionLog &log = run.log;
    m_points.clear();
    m_timed = !log.empty() && log.row(0).timeMs != ActionLog::kNoTime;
    m_t0 = m_timed ? log.row(0).timeMs : 0;
    m_points.reserve(log.size());
    std::unordered_map<std::uint8_t, int> decisions; // the log's few decision names, looked up once
    for (std::size_t i = 0; i < log.size(); ++i) {
        const ActionLog::Row &r = log.row(i);
        auto d = decisions.find(r.decision);
        if (d == decisions.end())
            d = decisions.emplace(r.decision, TimelinePoints::decisionIndex(QString::fromStdString(log.decision(i)))).first;
        m_points.push_back(pointOf(r.seq, r.timeMs == ActionLog::kNoTime ? std::nullopt : std::optional(r.timeMs),
                                   r.declared, d->second));
    }
    // What reviewers (or silence) made of the waiting ones.
    std::unordered_map<std::int64_t, int> outcomes;
    for (const auto &a : run.approvals)
        if (a.value("state", std::string()) != "pending" && a.contains("seq") && a.at("seq").is_number_integer())
            outcomes[a.at("seq").get<std::int64_t>()] =
                TimelinePoints::decisionIndex(QString::fromStdString(a.value("state", std::string())));
    if (!outcomes.empty())
        for (auto &p : m_points)
            if (auto it = outcomes.find(p.seq); it != outcomes.end())
                p.decision = it->second;
    // Sorted by x for binary search; actions arrive in order, times nearly so.
    std::stable_sort(m_points.begin(), m_points.end(), [](const auto &a, const auto &b) { return a.x < b.x; });
    retranslate(); // the x axis' title depends on whether the run has times
    resetZoom();
}

void TimelineChart::appendAction(const Action &action, const StoredVerdict &verdict)
{
    if (m_points.empty()) {
        m_timed = action.timeMs.has_value();
        m_t0 = m_timed ? *action.timeMs : 0;
        retranslate();
    }
    const TimelinePoint p = pointOf(action, verdict);
    const bool following = m_points.empty() || m_hi >= m_max;
    auto at = std::upper_bound(m_points.begin(), m_points.end(), p.x,
                               [](double x, const TimelinePoint &t) { return x < t.x; });
    m_points.insert(at, p);
    if (following) {
        m_min = m_points.front().x;
        m_max = std::max(m_points.back().x, m_min + (m_timed ? 0.05 : 1.0));
        const double pad = (m_max - m_min) * 0.03;
        m_lo = m_min - pad;
        m_hi = m_max + pad;
    } else {
        m_max = std::max(m_max, p.x);
    }
    if (m_redrawQueued)
        return;
    m_redrawQueued = true;
    QTimer::singleShot(16, this, [this] {
        m_redrawQueued = false;
        redraw();
    });
}

void TimelineChart::resetZoom()
{
    m_min = m_points.empty() ? 0 : m_points.front().x;
    // A sub-second run fills the width: the smallest span is 50 ms of time or one step of sequence.
    m_max = m_points.empty() ? 1 : std::max(m_points.back().x, m_min + (m_timed ? 0.05 : 1.0));
    const double pad = (m_max - m_min) * 0.03;
    m_lo = m_min - pad;
    m_hi = m_max + pad;
    redraw();
}

int TimelineChart::drawnPoints() const
{
    int n = 0;
    for (auto *s : m_series)
        n += s->count();
    return n;
}

void TimelineChart::redraw()
{
    // Ticks on round numbers (1, 2 or 5 times a power of ten) anchored at 0,
    // so the labels read "0, 10, 20" rather than "-1346.4, 10546.8".
    const double raw = std::max((m_hi - m_lo) / 6.0, 1e-6);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : 5 * magnitude;
    // Range and step change together under fixed ticks: a wide range with
    // the last narrow step (or the default step of 0) would have the axis
    // build labels without end.
    m_axisX->setTickType(QValueAxis::TicksFixed);
    m_axisX->setRange(m_lo, m_hi);
    m_axisX->setTickAnchor(0);
    m_axisX->setTickInterval(step);
    m_axisX->setTickType(QValueAxis::TicksDynamic);
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
    m_axisX->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
    const int buckets = std::max(50, static_cast<int>(m_chart->plotArea().width()) / 3);
    const auto shown = TimelinePoints::reduce(m_points, m_lo, m_hi, buckets);
    const std::size_t kinds = TimelinePoints::decisionNames().size();
    std::vector<QList<QPointF>> lists(m_series.size());
    for (const auto &p : shown)
        lists[(p.declared ? kinds : 0) + static_cast<std::size_t>(p.decision)].append(QPointF(p.x, p.declared ? 1 : 0));
    for (std::size_t i = 0; i < m_series.size(); ++i)
        m_series[i]->replace(lists[i]);
    Q_EMIT redrawn();
}

void TimelineChart::zoom(double factor, double centerX)
{
    const double width = std::clamp((m_hi - m_lo) * factor, 1e-3, (m_max - m_min) * 1.2 + 1);
    const double ratio = (centerX - m_lo) / std::max(m_hi - m_lo, 1e-9);
    m_lo = centerX - width * ratio;
    m_hi = m_lo + width;
    redraw();
}

void TimelineChart::setOutcome(std::int64_t seq, const std::string &state)
{
    // Recent actions are at the back: search from there.
    for (auto it = m_points.rbegin(); it != m_points.rend(); ++it) {
        if (it->seq != seq)
            continue;
        it->decision = TimelinePoints::decisionIndex(QString::fromStdString(state));
        redraw();
        return;
    }
}

void TimelineChart::setVisibleRange(double lo, double hi)
{
    if (!(hi > lo))
        return;
    m_lo = lo;
    m_hi = hi;
    redraw();
}

void TimelineChart::pan(double dx)
{
    m_lo += dx;
    m_hi += dx;
    redraw();
}

void TimelineChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        followPalette();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TimelineChart::followPalette()
{
    // Qt Charts keeps its own colours; take the window's instead, so a dark
    // theme gets a dark chart (the decision colours read on both).
    const QPalette p = palette();
    m_chart->setBackgroundBrush(p.base());
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(p.color(QPalette::Text));
    for (auto *axis : {static_cast<QAbstractAxis *>(m_axisX), static_cast<QAbstractAxis *>(m_axisY)}) {
        axis->setLabelsColor(p.color(QPalette::Text));
        axis->setTitleBrush(p.text());
        axis->setLinePenColor(p.color(QPalette::Mid));
        QColor grid = p.color(QPalette::Text);
        grid.setAlpha(40); // faint on either background
        axis->setGridLineColor(grid);
    }
    m_view->setBackgroundBrush(p.window());
}

bool TimelineChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Wheel: {
        auto *w = static_cast<QWheelEvent *>(event);
        const double x = m_chart->mapToValue(w->position()).x();
        zoom(w->angleDelta().y() > 0 ? 0.8 : 1.25, x);
        return true;
    }
    case QEvent::MouseButtonPress:
        m_dragFrom = static_cast<QMouseEvent *>(event)->pos();
        m_dragging = true;
        return false;
    case QEvent::MouseMove:
        if (m_dragging && (static_cast<QMouseEvent *>(event)->buttons() & Qt::LeftButton)) {
            const QPoint now = static_cast<QMouseEvent *>(event)->pos();
            const double dx = m_chart->mapToValue(m_dragFrom).x() - m_chart->mapToValue(now).x();
            m_dragFrom = now;
            pan(dx);
        }
        return false;
    case QEvent::MouseButtonRelease:
        m_dragging = false;
        return false;
    case QEvent::MouseButtonDblClick:
        resetZoom();
        return true;
    case QEvent::Resize:
        redraw();
        return false;
    default:
        return false;
    }
}

} // namespace warden::ui
