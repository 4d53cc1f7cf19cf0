// warden: the console. Parses its options and wires the main window.
#include "core/store/StorePaths.h"
#include "ui/ConsoleOptions.h"
#include "ui/ConsoleSelfTest.h"
#include "ui/MainWindow.h"
#include "ui/investigate/WhatIfDialog.h"
#include "ui/settings/ConsoleSettings.h"
#include "ui/settings/InterfaceLanguage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QPainter>
#include <QTimer>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("warden"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("warden.dev"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WARDEN_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    Q_INIT_RESOURCE(resources); // ui's icons and translations
    // Language: --lang, else $WARDEN_LANG, else the settings, else the system's. English needs no file.
    const auto language = [&](const warden::ui::ConsoleSettings &settings) {
        const QString asked = warden::ui::ConsoleOptions::languageArgument(argc, argv);
        warden::ui::InterfaceLanguage::apply(asked.isEmpty() ? qEnvironmentVariable("WARDEN_LANG", settings.language)
                                                             : asked);
    };

    // --help and --version are text: answered without a display.
    if (warden::ui::ConsoleOptions::asksForTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        language(warden::ui::ConsoleSettings::load());
        warden::ui::ConsoleOptions options;
        options.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Warden"));
    QApplication::setDesktopFileName(QStringLiteral("dev.warden.Warden"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/warden.svg")));

    warden::ui::ConsoleSettings settings = warden::ui::ConsoleSettings::load();
    language(settings);
    warden::ui::ConsoleOptions options;
    options.process(app);
    const QCommandLineParser &parser = options.parser;
    if (parser.isSet(options.theme))
        settings.theme = parser.value(options.theme) == QLatin1String("dark") ? warden::ui::ConsoleSettings::Theme::Dark
                         : parser.value(options.theme) == QLatin1String("light")
                             ? warden::ui::ConsoleSettings::Theme::Light
                             : warden::ui::ConsoleSettings::Theme::System;
    settings.applyTheme();

    if (parser.isSet(options.selfTest))
        return warden::ui::ConsoleSelfTest::run();

    const QString storePath =
        QString::fromStdString(warden::StorePaths::resolve(parser.value(options.db).toStdString()));
    warden::ui::MainWindow window(storePath);
    window.show();
    if (parser.isSet(options.agent))
        window.showAgent(parser.value(options.agent));
    if (parser.value(options.screen) == QLatin1String("hosts"))
        window.showHosts();
    if (parser.isSet(options.screenshot)) {
        const QString file = parser.value(options.screenshot);
        const int delayMs = static_cast<int>(parser.value(options.screenshotAfter).toDouble() * 1000);
        auto take = [&window, file, delayMs] {
            static bool scheduled = false;
            if (scheduled)
                return;
            scheduled = true;
            QTimer::singleShot(delayMs, &window, [&window, file] {
                // An open what-if dialog is part of the picture, where it stands.
                QPixmap picture = window.grab();
                if (auto *dialog = window.findChild<warden::ui::WhatIfDialog *>(); dialog && dialog->isVisible()) {
                    QPainter painter(&picture);
                    painter.drawPixmap(dialog->frameGeometry().topLeft() - window.frameGeometry().topLeft(),
                                       dialog->grab());
                }
                QApplication::exit(picture.save(file) ? 0 : 1);
            });
        };
        // With a demo, once its run is on screen; with what-if, once its
        // dialog is; without, as it first opens.
        if (parser.isSet(options.whatIf))
            QObject::connect(&window, &warden::ui::MainWindow::whatIfShown, &window, take);
        else if (parser.isSet(options.demo))
            QObject::connect(&window, &warden::ui::MainWindow::runShown, &window, take);
        else
            take();
    }
    if (parser.isSet(options.report)) {
        const QString base = parser.value(options.report);
        QObject::connect(&window, &warden::ui::MainWindow::runShown, &window, [&window, base] {
            static bool scheduled = false;
            if (scheduled)
                return;
            scheduled = true;
            QTimer::singleShot(1000, &window, [&window, base] { window.exportReport(base); });
        });
        QObject::connect(&window, &warden::ui::MainWindow::reportExported, &app, [] { QApplication::exit(0); });
        QObject::connect(&window, &warden::ui::MainWindow::failed, &app, [](const QString &why) {
            qCritical("%s", qPrintable(why));
            QApplication::exit(1);
        });
    }
    if (parser.isSet(options.whatIf)) {
        // The dialog beside the window, and the first changed run ringed on its timeline.
        QObject::connect(
            &window, &warden::ui::MainWindow::whatIfShown, &window, [&window](warden::ui::WhatIfDialog *dialog) {
                dialog->move(window.frameGeometry().topLeft() + QPoint(window.width() / 3, window.height() / 3));
                dialog->resize(window.width() * 2 / 3 - 10, window.height() * 2 / 3 - 10);
                dialog->showSelectedOnTimeline();
            });
        QTimer::singleShot(500, &window, [&window, file = parser.value(options.whatIf)] { window.whatIf(file); });
    }
    // --demo may be given more than once: several runs side by side.
    if (parser.isSet(options.demo))
        for (const QString &demo : parser.values(options.demo))
            window.startLiveDemo(demo);
    else
        window.reload();
    return app.exec();
}
