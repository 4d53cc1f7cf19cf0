#include "ui/settings/InterfaceLanguage.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace warden::ui {

namespace {

struct Installed {
    QString language = QStringLiteral("en");
    std::unique_ptr<QTranslator> warden;
    std::unique_ptr<QTranslator> qt; // Qt's own texts (dialog buttons), when the system has them
};

Installed &installed()
{
    static Installed state;
    return state;
}

} // namespace

QStringList InterfaceLanguage::available()
{
    QStringList languages{QStringLiteral("en")};
    for (const QString &file : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("warden_*.qm")}, QDir::Files))
        if (const QString language = file.mid(7, file.size() - 10); !languages.contains(language))
            languages << language;
    return languages;
}

QString InterfaceLanguage::apply(const QString &language)
{
    QString wanted = language.isEmpty() ? QLocale::system().name().section(QLatin1Char('_'), 0, 0) : language;
    Installed &now = installed();
    auto warden = std::make_unique<QTranslator>();
    // English's catalogue holds its plural forms only; any language without
    // a catalogue falls back to it.
    if (!warden->load(QStringLiteral(":/i18n/warden_%1.qm").arg(wanted))) {
        wanted = QStringLiteral("en");
        if (!warden->load(QStringLiteral(":/i18n/warden_en.qm")))
            warden.reset();
    }
    if (wanted == now.language && now.warden)
        return wanted;
    for (auto *old : {now.warden.get(), now.qt.get()})
        if (old)
            QCoreApplication::removeTranslator(old);
    now.warden.reset();
    now.qt.reset();
    now.language = wanted;
    if (wanted != QLatin1String("en")) {
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_%1").arg(wanted), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            now.qt = std::move(qt);
        }
    }
    if (warden) {
        QCoreApplication::installTranslator(warden.get());
        now.warden = std::move(warden);
    }
    return wanted;
}

QString InterfaceLanguage::current()
{
    return installed().language;
}

} // namespace warden::ui
