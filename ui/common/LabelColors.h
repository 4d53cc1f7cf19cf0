#pragma once

#include <QColor>
#include <QString>

namespace warden::ui::LabelColors {

// One palette for judgements and decisions, readable on light and dark themes.
QColor forLabel(const QString &label);       // benign, suspicious, malicious
QColor forDecision(const QString &decision); // allow, deny, approval_required, approved, ...

} // namespace warden::ui::LabelColors
