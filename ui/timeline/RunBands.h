#pragma once

#include "ui/timeline/TimelineLayout.h"

#include <QObject>
#include <QString>

#include <vector>

class QAbstractSeries;
class QChart;
class QFont;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QPalette;

namespace warden::ui {

// The shaded band and caption of each run when the timeline shows several
// (an agent's runs): when it started, how long it ran and its judgement.
// The items are children of the chart, between its background and its
// markers; the open run's band stands out.
class RunBands : public QObject {
    Q_OBJECT
public:
    // One band per run of `layout` (none for a single run).
    void rebuild(QChart *chart, const TimelineLayout &layout, const QFont &font);
    // Captions and tooltips in the current language.
    void retranslate(const TimelineLayout &layout);
    // The last band's caption, after its run grew.
    void refreshLast(const TimelineLayout &layout);
    void paint(const QPalette &palette, const TimelineLayout &layout, const QString &currentRun);
    // Where the bands go at the chart's current zoom.
    void place(QChart *chart, QAbstractSeries *series, const TimelineLayout &layout);
    bool empty() const { return m_rects.empty(); }

    static QString caption(const TimelineBand &band);
    static QString lengthOf(const TimelineBand &band); // "12 s", "3 min", "40 actions"

private:
    std::vector<QGraphicsRectItem *> m_rects;
    std::vector<QGraphicsSimpleTextItem *> m_captions;
    std::vector<QString> m_captionTexts; // each band's whole caption
};

} // namespace warden::ui
