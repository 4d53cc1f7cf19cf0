// warden-hostd: the remote Warden host daemon, which is `wardenctl serve`
// under the name a service manager expects. Options: wardenctl serve --help.
#include "cli/Wardenctl.h"

#include <QCoreApplication>

#include <iostream>
#include <string_view>

int main(int argc, char *argv[])
{
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << "warden-hostd " << WARDEN_VERSION << '\n';
        return 0;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("warden"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("warden.dev"));
    std::vector<std::string> args{"serve"};
    args.insert(args.end(), argv + 1, argv + argc);
    warden::CliContext ctx{std::cout, std::cerr, warden::TerminalStyle::forStdout()};
    return warden::Wardenctl::run(args, ctx);
}
