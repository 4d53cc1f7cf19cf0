// warden: the console. Parses its options and wires the main window.
#include "ConsoleSelfTest.h"
#include "MainWindow.h"
#include "settings/ConsoleSettings.h"
#include "settings/InterfaceLanguage.h"
#include "store/StorePaths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

int main(int argc, char *argv[])
{
    Q_INIT_RESOURCE(resources); // ui's icons live in a static library
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("warden"));
    QApplication::setApplicationDisplayName(QStringLiteral("Warden"));
    QApplication::setOrganizationDomain(QStringLiteral("warden.dev"));
    QApplication::setApplicationVersion(QStringLiteral(WARDEN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dev.warden.Warden"));

    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/warden.svg")));

    // Language: --lang, else $WARDEN_LANG, else the settings, else the system's. English needs no file.
    warden::ui::ConsoleSettings settings = warden::ui::ConsoleSettings::load();
    QString lang = qEnvironmentVariable("WARDEN_LANG", settings.language);
    for (int i = 1; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--lang") == 0)
            lang = QString::fromLocal8Bit(argv[i + 1]);
    warden::ui::InterfaceLanguage::apply(lang);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Security console for AI agents in sandboxes"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"), QApplication::translate("main", "Audit store to open."),
                          QStringLiteral("PATH"));
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Start the demo NAME (code-bot)."),
                            QStringLiteral("NAME"));
    QCommandLineOption selfTest(QStringLiteral("self-test"),
                                QApplication::translate("main", "Run a smoke test of the console and exit."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Save the window to FILE once the run is shown, then quit."),
                                  QStringLiteral("FILE"));
    QCommandLineOption screenshotAfter(QStringLiteral("screenshot-after"),
                                       QApplication::translate("main", "Seconds to wait before the screenshot (default 1)."),
                                       QStringLiteral("SECONDS"), QStringLiteral("1"));
    QCommandLineOption language(QStringLiteral("lang"), QApplication::translate("main", "Interface language (en, de)."),
                                QStringLiteral("LANG"));
    QCommandLineOption report(QStringLiteral("report"),
                              QApplication::translate("main", "Write the shown run's incident report to BASE.html and "
                                                              "BASE.pdf once it is shown, then quit."),
                              QStringLiteral("BASE"));
    QCommandLineOption screen(QStringLiteral("screen"),
                              QApplication::translate("main", "Open on the runs or hosts screen."), QStringLiteral("NAME"),
                              QStringLiteral("runs"));
    QCommandLineOption theme(QStringLiteral("theme"),
                             QApplication::translate("main", "Theme for this start: system, light or dark."),
                             QStringLiteral("THEME"));
    QCommandLineOption agent(QStringLiteral("agent"),
                             QApplication::translate("main", "List the runs of agent NAME, all of them on the timeline."),
                             QStringLiteral("NAME"));
    parser.addOptions({db, demo, selfTest, screenshot, screenshotAfter, language, report, screen, theme, agent});
    parser.process(app);
    if (parser.isSet(theme))
        settings.theme = parser.value(theme) == QLatin1String("dark")    ? warden::ui::ConsoleSettings::Theme::Dark
                         : parser.value(theme) == QLatin1String("light") ? warden::ui::ConsoleSettings::Theme::Light
                                                                         : warden::ui::ConsoleSettings::Theme::System;
    settings.applyTheme();

    if (parser.isSet(selfTest))
        return warden::ui::ConsoleSelfTest::run();

    const QString storePath = QString::fromStdString(warden::StorePaths::resolve(parser.value(db).toStdString()));
    warden::ui::MainWindow window(storePath);
    window.show();
    if (parser.isSet(agent))
        window.showAgent(parser.value(agent));
    if (parser.value(screen) == QLatin1String("hosts"))
        window.showHosts();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const int delayMs = static_cast<int>(parser.value(screenshotAfter).toDouble() * 1000);
        QObject::connect(&window, &warden::ui::MainWindow::runShown, &window, [&window, file, delayMs] {
            static bool scheduled = false;
            if (scheduled)
                return;
            scheduled = true;
            QTimer::singleShot(delayMs, &window, [&window, file] {
                const bool saved = window.grab().save(file);
                QApplication::exit(saved ? 0 : 1);
            });
        });
    }
    if (parser.isSet(report)) {
        const QString base = parser.value(report);
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
    if (parser.isSet(demo))
        window.startLiveDemo(parser.value(demo));
    else
        window.reload();
    return app.exec();
}
