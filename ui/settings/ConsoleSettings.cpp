#include "ui/settings/ConsoleSettings.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <algorithm>

namespace warden::ui {

ConsoleSettings ConsoleSettings::load()
{
    QSettings s;
    ConsoleSettings c;
    // Out-of-range values from a hand-edited file fall back to the defaults' bounds.
    c.approvalDeadlineMinutes =
        std::clamp(s.value(QStringLiteral("approvals/deadlineMinutes"), 15).toInt(), 1, 24 * 60);
    const QString host = s.value(QStringLiteral("launch/defaultHost"), QStringLiteral("bwrap")).toString();
    c.defaultHost = host == QLatin1String("docker") ? host : QStringLiteral("bwrap");
    const QString lang = s.value(QStringLiteral("ui/language")).toString();
    c.language = lang == QLatin1String("en") || lang == QLatin1String("de") ? lang : QString();
    // A name from a hand-edited file: one line, bounded.
    c.reviewer = s.value(QStringLiteral("approvals/reviewer")).toString().simplified().left(80);
    const QString theme = s.value(QStringLiteral("ui/theme")).toString();
    c.theme = theme == QLatin1String("light")  ? Theme::Light
              : theme == QLatin1String("dark") ? Theme::Dark
                                               : Theme::System;
    return c;
}

void ConsoleSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("approvals/deadlineMinutes"), approvalDeadlineMinutes);
    s.setValue(QStringLiteral("launch/defaultHost"), defaultHost);
    if (!reviewer.isEmpty())
        s.setValue(QStringLiteral("approvals/reviewer"), reviewer);
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/theme"), theme == Theme::Light  ? QStringLiteral("light")
                                           : theme == Theme::Dark ? QStringLiteral("dark")
                                                                  : QStringLiteral("system"));
}

void ConsoleSettings::applyTheme() const
{
    static const QString platformStyle = QApplication::style()->name();
    if (theme == Theme::System) {
        QApplication::setStyle(QStyleFactory::create(platformStyle));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = QApplication::style()->standardPalette();
    if (theme == Theme::Dark) {
        const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    }
    QApplication::setPalette(p);
}

} // namespace warden::ui
