#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>

class QCoreApplication;

namespace warden::ui {

// The console's command line: every flag of `warden`, described once for
// its --help and read once by main.
class ConsoleOptions {
public:
    ConsoleOptions();

    // True when the arguments ask only for --help or --version: text that
    // needs no display, answered before a QApplication (which aborts
    // without one) is made.
    static bool asksForTextOnly(int argc, char **argv);

    // The language asked for with --lang, read before the parser exists so
    // that the help itself is translated; empty when not given.
    static QString languageArgument(int argc, char **argv);

    // Parses the application's arguments; prints the help, the version or
    // the error and exits, as QCommandLineParser::process does.
    void process(const QCoreApplication &app);

    // Every option of the console's own, in the order the help lists them.
    QList<QCommandLineOption> all() const;

    QCommandLineParser parser;
    const QCommandLineOption db;
    const QCommandLineOption demo;
    const QCommandLineOption selfTest;
    const QCommandLineOption screenshot;
    const QCommandLineOption screenshotAfter;
    const QCommandLineOption language;
    const QCommandLineOption report;
    const QCommandLineOption screen;
    const QCommandLineOption theme;
    const QCommandLineOption agent;
    const QCommandLineOption whatIf;
};

} // namespace warden::ui
