#include "cli/CredentialsCommand.h"

#include "cli/CliArgs.h"
#include "core/host/HostCredentials.h"

namespace warden {

const char *CredentialsCommand::help()
{
    return "usage: wardenctl credentials add NAME --role ROLE --file FILE\n"
           "       wardenctl credentials remove NAME --file FILE\n"
           "       wardenctl credentials list --file FILE\n"
           "\n"
           "Manage the people a Warden host knows (wardenctl serve --credentials FILE).\n"
           "ROLE is viewer (host info and pending approvals), reviewer (also decides\n"
           "approvals), launcher (also starts runs) or admin (both). add prints the new\n"
           "token once: give it to that person (WARDEN_HOST_TOKEN, or the console's Hosts\n"
           "screen, which keeps it in the keychain). The file holds only its SHA-256, and\n"
           "is created owner-only. A running host reads the file when it starts.\n";
}

int CredentialsCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--file", "--role"}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &positional = args->positional();
    const auto file = args->value("--file");
    if (positional.empty() || !file)
        return ctx.usageError("credentials needs add, remove or list, and --file FILE");
    const std::string &action = positional.front();
    if (action == "list" && positional.size() == 1) {
        auto people = HostCredentials::load(*file);
        if (!people) {
            ctx.printError(people.error());
            return kExitBadInput;
        }
        for (const auto &p : people->people())
            ctx.out << TerminalText::printable(p.name) << "  " << hostRoleName(p.role) << '\n';
        return kExitOk;
    }
    if (action == "add" && positional.size() == 2) {
        const auto roleName = args->value("--role");
        const auto role = roleName ? hostRoleFromName(*roleName) : std::nullopt;
        if (!role)
            return ctx.usageError("--role must be viewer, reviewer, launcher or admin");
        auto token = HostCredentials::add(*file, positional[1], *role);
        if (!token) {
            ctx.printError(token.error());
            return kExitBadInput;
        }
        ctx.out << *token << '\n';
        ctx.err << "added " << positional[1] << " (" << hostRoleName(*role) << ") to " << *file
                << "; the token above is shown once\n";
        return kExitOk;
    }
    if (action == "remove" && positional.size() == 2) {
        if (auto ok = HostCredentials::remove(*file, positional[1]); !ok) {
            ctx.printError(ok.error());
            return kExitBadInput;
        }
        ctx.out << "removed " << positional[1] << " (a running host keeps it until it restarts)\n";
        return kExitOk;
    }
    return ctx.usageError("credentials needs add NAME, remove NAME or list");
}

} // namespace warden
