#include "cli/CheckDeclarationCommand.h"

#include "cli/CliArgs.h"
#include "core/policy/Declaration.h"
#include "core/policy/DeclarationExamples.h"

namespace warden {

const char *CheckDeclarationCommand::help()
{
    return "usage: wardenctl check-declaration D.json [--json]\n"
           "\n"
           "Read and compile a declaration; report the first problem as FILE:LINE: field: message.\n"
           "Then decide each of its \"examples\" (allow, deny and approval lists of actions in\n"
           "the trace format) with the policy engine, and report every one decided otherwise.\n"
           "Exit status: 0 valid and every example holds, 1 an example does not hold, 2 invalid.\n";
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
    const auto failures = DeclarationExamples::check(*d, path);
    if (args->flag("--json")) {
        nlohmann::json failed = nlohmann::json::array();
        for (const auto &f : failures)
            failed.push_back({{"line", f.line}, {"field", f.field}, {"message", f.message}});
        ctx.out << nlohmann::json{{"valid", true},
                                  {"agent", d->agent},
                                  {"tools", d->tools.size()},
                                  {"approval_tools", approvals},
                                  {"destinations", d->destinations.size()},
                                  {"sha256", d->sha256},
                                  {"examples", d->examples.size()},
                                  {"examples_failed", std::move(failed)}}
                       .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    } else {
        ctx.out << TerminalText::printable(path) << ": " << ctx.style.green("valid") << ": agent \""
                << TerminalText::printable(d->agent) << "\", " << d->tools.size() << " tools (" << approvals
                << " need approval), " << d->destinations.size() << " destinations, " << d->secrets.size()
                << " secrets, " << d->processes.size() << " processes";
        if (!d->examples.empty())
            ctx.out << "; " << d->examples.size() - failures.size() << " of " << d->examples.size() << " examples hold";
        ctx.out << '\n';
    }
    for (const auto &f : failures)
        ctx.printError(f);
    return failures.empty() ? kExitOk : kExitFinding;
}

} // namespace warden
