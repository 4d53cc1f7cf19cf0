#pragma once

#include <QString>

namespace warden::ui {

// What a reviewer can set for the console, kept with QSettings
// (~/.config/warden.dev/warden.conf on Linux).
struct ConsoleSettings {
    enum class Theme { System, Light, Dark };

    int approvalDeadlineMinutes = 15;              // how long a request waits before silence denies it
    QString defaultHost = QStringLiteral("bwrap"); // bwrap or docker: where demos launch by default
    QString language;                              // empty: the system's; "en", "de"
    Theme theme = Theme::System;
    QString reviewer; // the name on this console's decisions; empty until the person gives it

    static ConsoleSettings load();
    void save() const;
    // Light and dark use the Fusion style with a fixed palette; System gives
    // the platform style's own palette back.
    void applyTheme() const;
};

} // namespace warden::ui
