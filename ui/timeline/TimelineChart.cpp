#include "ui/timeline/TimelineChart.h"

#include "core/store/RunReader.h"
#include "ui/common/DisplayWords.h"
#include "ui/common/LabelColors.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QLegend>
#include <QLegendMarker>
#include <QLocale>
#include <QMouseEvent>
#include <QPen>
#include <QScatterSeries>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace warden::ui {

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent),
      m_chart(new QChart),
      m_view(new QChartView(m_chart)),
      m_axisX(new QValueAxis),
      m_axisY(new QCategoryAxis),
      m_marks(new QScatterSeries)
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
                if (const TimelinePoint *point = pointAt(p))
                    QToolTip::showText(QCursor::pos(), describe(*point));
            });
            connect(s, &QScatterSeries::clicked, this, [this](const QPointF &p) {
                if (const TimelinePoint *point = pointAt(p))
                    Q_EMIT actionActivated(m_layout.bands()[point->band].runId, point->seq);
            });
            m_series.push_back(s);
        }
    }
    // What-if's rings: hollow, larger than any marker, drawn over them.
    m_marks->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_marks->setMarkerSize(17);
    m_marks->setColor(Qt::transparent);
    m_marks->setPen(QPen(LabelColors::forDecision(QStringLiteral("approval_required")).darker(115), 2.5));
    m_chart->addSeries(m_marks);
    m_marks->attachAxis(m_axisX);
    m_marks->attachAxis(m_axisY);
    m_chart->legend()->markers(m_marks).value(0)->setVisible(false);
    // The bands follow the plot area as the axes and legend settle.
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        m_bands.place(m_chart, m_series.front(), m_layout);
        // A much wider or narrower plot wants another number of ticks.
        if (std::abs(plot.width() - m_ticksForWidth) > 60 && !m_redrawQueued) {
            m_redrawQueued = true;
            QTimer::singleShot(0, this, [this] {
                m_redrawQueued = false;
                redraw();
            });
        }
    });
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
    if (showsSeveralRuns())
        m_axisX->setTitleText(tr("one band per run, oldest first; each run spread across its band"));
    else
        m_axisX->setTitleText(m_layout.timed() ? tr("seconds since the first action") : tr("sequence number"));
    // Across runs the axis' numbers mean nothing; the bands' captions say
    // when each run was. (Hidden by colour: hidden labels have Qt Charts
    // squeeze the axis' title to "...".)
    m_axisX->setLabelsColor(showsSeveralRuns() ? QColor(Qt::transparent) : palette().color(QPalette::Text));
    m_axisX->setGridLineVisible(!showsSeveralRuns());
    // The legend in the interface language (the series keep their order).
    const auto &names = TimelinePoints::decisionNames();
    for (std::size_t i = 0; i < names.size() && names.size() + i < m_series.size(); ++i)
        m_series[names.size() + i]->setName(DisplayWords::decision(names[i]));
    setToolTip(tr("Declared actions above, undeclared below. Wheel to zoom, drag to pan, double-click to reset."));
    m_bands.retranslate(m_layout);
}

QString TimelineChart::describe(const TimelinePoint &point) const
{
    const TimelineBand &band = m_layout.bands()[point.band];
    if (m_labelOf)
        if (QString label = m_labelOf(band.runId, point.seq); !label.isEmpty())
            return label;
    // A run that is not open in the table: what the point itself knows.
    QString text = QStringLiteral("#%1 %2 · %3 · %4")
                       .arg(point.seq)
                       .arg(QString::fromLatin1(actionKindName(static_cast<ActionKind>(point.kind))),
                            DisplayWords::decision(TimelinePoints::decisionNames()[point.decision]),
                            point.declared ? tr("declared") : tr("undeclared"));
    if (showsSeveralRuns())
        text = tr("Run %1, %2").arg(band.runId.left(8), RunBands::caption(band)) + QLatin1Char('\n') + text;
    return text;
}

const TimelinePoint *TimelineChart::pointAt(const QPointF &value) const
{
    // A marker sits at its point's x; both lanes may have one there.
    const auto &points = m_layout.points();
    auto it = std::lower_bound(points.begin(), points.end(), value.x(),
                               [](const TimelinePoint &t, double x) { return t.x < x; });
    if (it == points.end())
        return nullptr;
    const bool declaredLane = value.y() > 0.5;
    for (auto same = it; same != points.end() && same->x == it->x; ++same)
        if (same->declared == declaredLane)
            return &*same;
    return &*it;
}

void TimelineChart::setRun(const RunDetail &run)
{
    // The log's index holds all the timeline needs.
    TimelineLayout layout;
    layout.addRun(run);
    layout.finish();
    setLayout(std::move(layout), QString::fromStdString(run.summary.runId));
}

void TimelineChart::setLayout(TimelineLayout layout, const QString &current)
{
    m_layout = std::move(layout);
    m_currentRun = current;
    placeMarks();
    m_bands.rebuild(m_chart, m_layout, font());
    m_bands.paint(palette(), m_layout, m_currentRun);
    retranslate(); // the axis' title depends on the runs and whether they have times
    resetZoom();
}

void TimelineChart::setCurrentRun(const QString &runId)
{
    if (m_currentRun == runId)
        return;
    m_currentRun = runId;
    m_bands.paint(palette(), m_layout, m_currentRun);
}

bool TimelineChart::appendAction(const QString &runId, const Action &action, const StoredVerdict &verdict)
{
    if (m_layout.holds(runId, action.seq))
        return true; // read with the run from the store while it was on its way here
    const bool following = m_layout.points().empty() || m_hi >= m_max;
    const auto p = m_layout.place(runId, action.seq, action.timeMs, verdict.declared,
                                  TimelinePoints::decisionIndex(QString::fromStdString(verdict.decision)),
                                  static_cast<std::uint8_t>(action.kind));
    if (!p)
        return false;
    if (m_layout.bands().back().actions == 1)
        retranslate(); // a run's first action says whether it has times
    else
        m_bands.refreshLast(m_layout); // its length grew
    if (following)
        frameWhole();
    else
        m_max = wholeRange().second;
    if (m_redrawQueued)
        return true;
    m_redrawQueued = true;
    QTimer::singleShot(16, this, [this] {
        m_redrawQueued = false;
        redraw();
    });
    return true;
}

std::pair<double, double> TimelineChart::wholeRange() const
{
    const auto &bands = m_layout.bands();
    const auto &points = m_layout.points();
    if (bands.size() > 1)
        return {bands.front().from, bands.back().to};
    const double min = points.empty() ? 0 : points.front().x;
    // A sub-second run fills the width: the smallest span is 50 ms of time or one step of sequence.
    return {min, points.empty() ? 1 : std::max(points.back().x, min + (m_layout.timed() ? 0.05 : 1.0))};
}

void TimelineChart::frameWhole()
{
    std::tie(m_min, m_max) = wholeRange();
    const double pad = (m_max - m_min) * 0.03;
    m_lo = m_min - pad;
    m_hi = m_max + pad;
}

void TimelineChart::resetZoom()
{
    frameWhole();
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
    // At most as many as the plot's width has room for (a label about
    // 90 px), rounded up to the next round step: a narrow window gets fewer
    // ticks, never labels cut to "0…".
    m_ticksForWidth = m_chart->plotArea().width();
    const double ticks = std::clamp(m_ticksForWidth / 90.0, 2.0, 6.0);
    const double raw = std::max((m_hi - m_lo) / ticks, 1e-6);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double ratio = raw / magnitude;
    const double step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10) * magnitude;
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
    const auto shown = TimelinePoints::reduce(m_layout.points(), m_lo, m_hi, buckets);
    const std::size_t kinds = TimelinePoints::decisionNames().size();
    std::vector<QList<QPointF>> lists(m_series.size());
    for (const auto &p : shown)
        lists[(p.declared ? kinds : 0) + static_cast<std::size_t>(p.decision)].append(QPointF(p.x, p.declared ? 1 : 0));
    for (std::size_t i = 0; i < m_series.size(); ++i)
        m_series[i]->replace(lists[i]);
    // The rings in view, one per pixel column and lane, as the markers are.
    QList<QPointF> rings;
    std::vector<int> lastColumn(2, -1);
    for (auto it = std::lower_bound(m_markedPoints.begin(), m_markedPoints.end(), m_lo,
                                    [](const QPointF &p, double x) { return p.x() < x; });
         it != m_markedPoints.end() && it->x() <= m_hi; ++it) {
        const int column = static_cast<int>((it->x() - m_lo) / std::max(m_hi - m_lo, 1e-9) * buckets);
        int &last = lastColumn[it->y() > 0.5 ? 1 : 0];
        if (column != last)
            rings.append(*it);
        last = column;
    }
    m_marks->replace(rings);
    m_bands.place(m_chart, m_series.front(), m_layout);
    Q_EMIT redrawn();
}

void TimelineChart::setMarked(const QString &runId, const std::vector<std::int64_t> &seqs, const QString &legend)
{
    m_markedRun = seqs.empty() ? QString() : runId;
    m_markedSeqs = seqs;
    std::sort(m_markedSeqs.begin(), m_markedSeqs.end());
    m_marks->setName(legend);
    placeMarks();
    redraw();
}

void TimelineChart::placeMarks()
{
    m_markedPoints.clear();
    if (!m_markedRun.isEmpty())
        for (const auto &p : m_layout.points())
            if (m_layout.bands()[p.band].runId == m_markedRun &&
                std::binary_search(m_markedSeqs.begin(), m_markedSeqs.end(), p.seq))
                m_markedPoints.emplace_back(p.x, p.declared ? 1 : 0);
    // The layout's points are sorted by x, so these are too.
    if (auto *marker = m_chart->legend()->markers(m_marks).value(0))
        marker->setVisible(!m_markedPoints.empty());
}

int TimelineChart::drawnMarks() const
{
    return static_cast<int>(m_marks->count());
}

void TimelineChart::zoom(double factor, double centerX)
{
    const double width = std::clamp((m_hi - m_lo) * factor, 1e-3, (m_max - m_min) * 1.2 + 1);
    const double ratio = (centerX - m_lo) / std::max(m_hi - m_lo, 1e-9);
    m_lo = centerX - width * ratio;
    m_hi = m_lo + width;
    redraw();
}

void TimelineChart::setOutcome(const QString &runId, std::int64_t seq, const std::string &state)
{
    if (m_layout.setDecision(runId, seq, TimelinePoints::decisionIndex(QString::fromStdString(state))))
        redraw();
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
        axis->setLabelsColor(axis == m_axisX && showsSeveralRuns() ? QColor(Qt::transparent) : p.color(QPalette::Text));
        axis->setTitleBrush(p.text());
        axis->setLinePenColor(p.color(QPalette::Mid));
        QColor grid = p.color(QPalette::Text);
        grid.setAlpha(40); // faint on either background
        axis->setGridLineColor(grid);
    }
    m_view->setBackgroundBrush(p.window());
    m_bands.paint(palette(), m_layout, m_currentRun);
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
        m_pressedAt = m_dragFrom;
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
    case QEvent::MouseButtonRelease: {
        m_dragging = false;
        // A click (not a drag) on another run's band opens that run.
        const QPoint at = static_cast<QMouseEvent *>(event)->pos();
        if (showsSeveralRuns() && (at - m_pressedAt).manhattanLength() < 4 &&
            m_chart->plotArea().contains(m_view->mapToScene(at))) {
            const double x = m_chart->mapToValue(m_view->mapToScene(at)).x();
            for (const auto &band : m_layout.bands())
                if (x >= band.from && x <= band.to && band.runId != m_currentRun)
                    Q_EMIT runActivated(band.runId);
        }
        return false;
    }
    case QEvent::MouseButtonDblClick: resetZoom(); return true;
    case QEvent::Resize: redraw(); return false;
    default: return false;
    }
}

} // namespace warden::ui
