#include "cli/AuditCommand.h"
#include "cli/TerminalText.h"

#include "cli/CliArgs.h"
#include "core/store/AuditVerifier.h"
#include "core/store/StorePaths.h"

#include <nlohmann/json.hpp>

namespace warden {

const char *AuditCommand::help()
{
    return "usage: wardenctl audit verify [--db PATH] [--json]\n"
           "\n"
           "Check the whole hash chain of the audit store and its head anchor.\n"
           "Exit status: 0 intact, 1 broken (the first broken record is named), 2 no store or unreadable.\n";
}

int AuditCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--db"}, {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1 || args->positional().front() != "verify")
        return ctx.usageError("audit takes the subcommand verify (see wardenctl audit --help)");
    const std::string db = StorePaths::resolve(args->value("--db").value_or(""));
    auto report = AuditVerifier::verify(db);
    if (!report) {
        ctx.printError(report.error());
        return kExitBadInput;
    }
    if (args->flag("--json")) {
        ctx.out << nlohmann::json{{"store", db},
                                  {"intact", report->intact},
                                  {"records", report->records},
                                  {"first_broken", report->firstBroken},
                                  {"problem", report->problem},
                                  {"anchor_checked", report->anchorChecked},
                                  {"head", report->headHash}}
                       .dump(2)
                << '\n';
    } else if (report->intact) {
        ctx.out << ctx.style.green("intact") << ": " << report->records << " records, head " << report->headHash
                << '\n';
    } else if (report->firstBroken == 0) {
        ctx.out << ctx.style.red("NOT PROVEN") << ": " << report->records << " records link up, but "
                << TerminalText::printable(report->problem) << '\n';
    } else {
        ctx.out << ctx.style.red("BROKEN") << " at record " << report->firstBroken << ": "
                << TerminalText::printable(report->problem) << '\n';
    }
    return report->intact ? kExitOk : kExitFinding;
}

} // namespace warden
