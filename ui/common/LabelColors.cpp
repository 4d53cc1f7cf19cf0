#include "ui/common/LabelColors.h"

namespace warden::ui::LabelColors {

QColor forLabel(const QString &label)
{
    if (label == QLatin1String("malicious"))
        return QColor(0xd3, 0x2f, 0x2f);
    if (label == QLatin1String("suspicious"))
        return QColor(0xe0, 0x8a, 0x00);
    return QColor(0x2e, 0x9d, 0x4f);
}

QColor forDecision(const QString &decision)
{
    if (decision == QLatin1String("deny"))
        return QColor(0xd3, 0x2f, 0x2f);
    if (decision == QLatin1String("rejected")) // a reviewer said no
        return QColor(0x8e, 0x24, 0xaa);
    if (decision == QLatin1String("expired")) // nobody answered: silence denied it
        return QColor(0x75, 0x75, 0x75);
    if (decision == QLatin1String("approval_required"))
        return QColor(0xe0, 0x8a, 0x00);
    if (decision == QLatin1String("approved"))
        return QColor(0x1e, 0x88, 0xe5);
    return QColor(0x2e, 0x9d, 0x4f);
}

} // namespace warden::ui::LabelColors
