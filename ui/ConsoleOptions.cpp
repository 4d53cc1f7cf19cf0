#include "ui/ConsoleOptions.h"

#include <QCoreApplication>

#include <cstring>

namespace warden::ui {

ConsoleOptions::ConsoleOptions()
    : db(QStringLiteral("db"), QCoreApplication::translate("main", "Audit store to open."), QStringLiteral("PATH")),
      demo(QStringLiteral("demo"),
           QCoreApplication::translate(
               "main", "Start the demo NAME (code-bot; with an agent CLI installed, claude-code-injected)."),
           QStringLiteral("NAME")),
      selfTest(QStringLiteral("self-test"),
               QCoreApplication::translate("main", "Run a smoke test of the console and exit.")),
      screenshot(QStringLiteral("screenshot"),
                 QCoreApplication::translate("main", "Save the window to FILE once the run is shown, then quit."),
                 QStringLiteral("FILE")),
      screenshotAfter(QStringLiteral("screenshot-after"),
                      QCoreApplication::translate("main", "Seconds to wait before the screenshot (default 1)."),
                      QStringLiteral("SECONDS"), QStringLiteral("1")),
      language(QStringLiteral("lang"), QCoreApplication::translate("main", "Interface language (en, de)."),
               QStringLiteral("LANG")),
      report(
          QStringLiteral("report"),
          QCoreApplication::translate(
              "main", "Write the shown run's incident report to BASE.html and BASE.pdf once it is shown, then quit."),
          QStringLiteral("BASE")),
      screen(QStringLiteral("screen"), QCoreApplication::translate("main", "Open on the runs or hosts screen."),
             QStringLiteral("NAME"), QStringLiteral("runs")),
      theme(QStringLiteral("theme"),
            QCoreApplication::translate("main", "Theme for this start: system, light or dark."),
            QStringLiteral("THEME")),
      agent(QStringLiteral("agent"),
            QCoreApplication::translate("main", "List the runs of agent NAME, all of them on the timeline."),
            QStringLiteral("NAME")),
      whatIf(
          QStringLiteral("what-if"),
          QCoreApplication::translate(
              "main", "Replay the stored runs of FILE's agent under the declaration FILE and show what would change."),
          QStringLiteral("FILE"))
{
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Security console for AI agents in sandboxes"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(all());
}

QList<QCommandLineOption> ConsoleOptions::all() const
{
    return {db, demo, selfTest, screenshot, screenshotAfter, language, report, screen, theme, agent, whatIf};
}

bool ConsoleOptions::asksForTextOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char *flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

QString ConsoleOptions::languageArgument(int argc, char **argv)
{
    QString lang;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--lang") == 0)
            lang = QString::fromLocal8Bit(argv[i + 1]);
    return lang;
}

void ConsoleOptions::process(const QCoreApplication &app)
{
    parser.process(app);
}

} // namespace warden::ui
