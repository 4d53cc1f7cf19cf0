#pragma once

#include <QString>
#include <QStringList>

namespace warden::ui {

// The console's interface language, switchable while it runs. Installing a
// translator makes Qt send every widget a LanguageChange event; each screen
// then sets its texts again (see the retranslate() of MainWindow, the panels
// and the chart). English is the source language and needs no translator.
class InterfaceLanguage {
public:
    // The languages the console ships: "en" and those built in from translations/.
    static QStringList available();
    // `language` empty means the system's. Falls back to English when there is
    // no translation for it; returns the language now in use.
    static QString apply(const QString &language);
    static QString current();
};

} // namespace warden::ui
