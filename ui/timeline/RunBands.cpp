#include "ui/timeline/RunBands.h"

#include "ui/common/DisplayWords.h"
#include "ui/common/LabelColors.h"

#include <QAbstractSeries>
#include <QChart>
#include <QDateTime>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLocale>
#include <QPalette>
#include <QPen>

#include <algorithm>

namespace warden::ui {

QString RunBands::caption(const TimelineBand &band)
{
    // Today's runs by their time; older ones with their day too.
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(band.startedMs);
    const QString when = QLocale().toString(
        started, started.date() == QDate::currentDate() ? QStringLiteral("HH:mm") : QStringLiteral("d MMM HH:mm"));
    return QStringLiteral("%1 · %2 · %3")
        .arg(when, lengthOf(band), band.label.isEmpty() ? tr("not judged") : DisplayWords::label(band.label));
}

QString RunBands::lengthOf(const TimelineBand &band)
{
    if (!band.timed)
        return tr("%n action(s)", nullptr, int(band.actions));
    const double s = band.span;
    if (s < 10)
        return tr("%1 s").arg(s, 0, 'f', 1);
    if (s < 120)
        return tr("%1 s").arg(qRound(s));
    if (s < 7200)
        return tr("%1 min").arg(qRound(s / 60));
    const auto minutes = static_cast<qint64>(s / 60);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

void RunBands::rebuild(QChart *chart, const TimelineLayout &layout, const QFont &font)
{
    qDeleteAll(m_rects);
    qDeleteAll(m_captions);
    m_rects.clear();
    m_captions.clear();
    m_captionTexts.clear();
    if (layout.bands().size() < 2)
        return; // one run needs no band
    QFont small = font;
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (std::size_t i = 0; i < layout.bands().size(); ++i) {
        // Children of the chart: above the plot area's background, below
        // the grid and the markers (Qt Charts stacks those from 0 to 4).
        auto *rect = new QGraphicsRectItem(chart);
        rect->setZValue(0.5);
        auto *text = new QGraphicsSimpleTextItem(chart);
        text->setZValue(3.5);
        text->setFont(small);
        m_rects.push_back(rect);
        m_captions.push_back(text);
    }
    retranslate(layout);
}

void RunBands::retranslate(const TimelineLayout &layout)
{
    m_captionTexts.clear();
    for (std::size_t i = 0; i < m_captions.size(); ++i) {
        const TimelineBand &band = layout.bands()[i];
        m_captionTexts.push_back(caption(band));
        m_captions[i]->setText(m_captionTexts.back());
        m_rects[i]->setToolTip(
            tr("Run %1, started %2, %3 long, %4: %n action(s). Click to open it.", nullptr, int(band.actions))
                .arg(band.runId.left(8),
                     QLocale().toString(QDateTime::fromMSecsSinceEpoch(band.startedMs), QLocale::ShortFormat),
                     lengthOf(band), band.label.isEmpty() ? tr("not judged") : DisplayWords::label(band.label)));
    }
}

void RunBands::refreshLast(const TimelineLayout &layout)
{
    if (!m_captionTexts.empty() && !layout.bands().empty())
        m_captionTexts.back() = caption(layout.bands().back());
}

void RunBands::paint(const QPalette &p, const TimelineLayout &layout, const QString &currentRun)
{
    for (std::size_t i = 0; i < m_rects.size(); ++i) {
        const bool current = layout.bands()[i].runId == currentRun;
        QColor fill = current ? p.color(QPalette::Highlight) : p.color(QPalette::Text);
        fill.setAlpha(current ? 50 : (i % 2 ? 14 : 26)); // alternating, so neighbours read apart
        m_rects[i]->setBrush(fill);
        m_rects[i]->setPen(current ? QPen(p.color(QPalette::Highlight), 1.5) : QPen(Qt::NoPen));
        // In the colour of the run's judgement, which reads on either theme.
        const QString label = layout.bands()[i].label;
        m_captions[i]->setBrush(label.isEmpty() ? p.color(QPalette::Text) : LabelColors::forLabel(label));
    }
}

void RunBands::place(QChart *chart, QAbstractSeries *series, const TimelineLayout &layout)
{
    if (m_rects.empty())
        return;
    const QRectF plot = chart->plotArea();
    for (std::size_t i = 0; i < m_rects.size(); ++i) {
        const TimelineBand &band = layout.bands()[i];
        const double left = std::max(chart->mapToPosition(QPointF(band.from, 0), series).x(), plot.left());
        const double right = std::min(chart->mapToPosition(QPointF(band.to, 0), series).x(), plot.right());
        const bool visible = right >= left;
        // Widened by a pixel each side: a short run among long ones still shows.
        m_rects[i]->setRect(QRectF(left - 1, plot.top(), std::max(right - left, 0.0) + 2, plot.height()));
        m_rects[i]->setVisible(visible);
        // The caption where the band can hold it; else the judgement alone; else nothing.
        QGraphicsSimpleTextItem *text = m_captions[i];
        text->setText(m_captionTexts[i]); // made once per language, not per frame
        if (text->boundingRect().width() + 8 > right - left)
            text->setText(DisplayWords::label(band.label));
        text->setPos(left + 4, plot.top() + 2);
        text->setVisible(visible && !text->text().isEmpty() && text->boundingRect().width() + 8 <= right - left);
    }
}

} // namespace warden::ui
