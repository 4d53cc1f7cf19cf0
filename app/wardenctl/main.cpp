// wardenctl: parse nothing here; the command line lives in core/cli.
#include "cli/Wardenctl.h"

#include <QCoreApplication>

#include <iostream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("warden"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("warden.dev"));
    std::vector<std::string> args(argv + 1, argv + argc);
    warden::CliContext ctx{std::cout, std::cerr, warden::TerminalStyle::forStdout()};
    return warden::Wardenctl::run(args, ctx);
}
