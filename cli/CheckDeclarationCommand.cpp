#include "cli/CheckDeclarationCommand.h"

#include "cli/CliArgs.h"
#include "core/policy/Declaration.h"

namespace warden {

const char *CheckDeclarationCommand::help()
{
    return "usage: wardenctl check-declaration D.json [--json]\n"
           "\n"
           "Read and compile a declaration; report the first problem as FILE:LINE: field: message.\n"
           "Exit status: 0 valid, 2 invalid.\n";
}

int CheckDeclarationCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{}, {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("check-declaration takes one declaration file");
    const std::string &path = args->positional().front();
    auto d = Declaration::load(path);
    if (!d) {
        if (args->flag("--json"))
            ctx.out << nlohmann::json{{"valid", false},
                                      {"file", d.error().file},
                                      {"line", d.error().line},
                                      {"field", d.error().field},
                                      {"message", d.error().message}}
                           .dump(2)
                    << '\n';
        ctx.printError(d.error());
        return kExitBadInput;
    }
    std::size_t approvals = 0;
    for (const auto &[name, tool] : d->tools)
        approvals += tool.approvalRequired;
    if (args->flag("--json")) {
        ctx.out << nlohmann::json{{"valid", true},
                                  {"agent", d->agent},
                                  {"tools", d->tools.size()},
                                  {"approval_tools", approvals},
                                  {"destinations", d->destinations.size()},
                                  {"sha256", d->sha256}}
                       .dump(2)
                << '\n';
    } else {
        ctx.out << path << ": " << ctx.style.green("valid") << ": agent \"" << d->agent << "\", " << d->tools.size()
                << " tools (" << approvals << " need approval), " << d->destinations.size() << " destinations, "
                << d->secrets.size() << " secrets, " << d->processes.size() << " processes\n";
    }
    return kExitOk;
}

} // namespace warden
