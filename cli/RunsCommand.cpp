#include "cli/RunsCommand.h"
#include "cli/TerminalText.h"

#include "cli/CliArgs.h"
#include "core/common/Timestamp.h"
#include "core/store/RunReader.h"
#include "core/store/StorePaths.h"

#include <iomanip>

namespace warden {

const char *RunsCommand::help()
{
    return "usage: wardenctl runs [--db PATH] [--json] [--limit N]\n"
           "\n"
           "List stored runs, newest first, with their judgement.\n";
}

int RunsCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--db", "--limit"}, {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    auto limit = args->integer("--limit", 1, 1'000'000, 50);
    if (!limit)
        return ctx.usageError(limit.error().message);
    auto reader = RunReader::open(StorePaths::resolve(args->value("--db").value_or("")));
    if (!reader) {
        ctx.printError(reader.error());
        return kExitBadInput;
    }
    auto runs = reader->listRuns(*limit);
    if (!runs) {
        ctx.printError(runs.error());
        return kExitBadInput;
    }
    if (args->flag("--json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &r : *runs)
            list.push_back({{"run", r.runId},
                            {"agent", r.agent},
                            {"source", r.source},
                            {"state", r.state},
                            {"started", Timestamp::format(r.startedMs)},
                            {"actions", r.actions},
                            {"label", r.label},
                            {"confidence", r.confidence},
                            {"summary", r.summary}});
        ctx.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return kExitOk;
    }
    if (runs->empty()) {
        ctx.out << "no runs stored yet\n";
        return kExitOk;
    }
    ctx.out << ctx.style.bold("RUN       STARTED               AGENT           STATE     ACTIONS  JUDGEMENT") << '\n';
    for (const auto &r : *runs) {
        // A failed run is never listed benign: the judge saw too little to clear it.
        std::string label =
            r.label.empty() || (r.state == "failed" && r.label == "benign") ? "-" : TerminalText::printable(r.label);
        std::string styled = r.label == "malicious"    ? ctx.style.red(label)
                             : r.label == "suspicious" ? ctx.style.yellow(label)
                                                       : ctx.style.green(label);
        ctx.out << r.runId.substr(0, 8) << "  " << Timestamp::format(r.startedMs).substr(0, 19) << "   " << std::left
                << std::setw(15) << TerminalText::printable(r.agent).substr(0, 15) << ' ' << std::setw(9)
                << TerminalText::printable(r.state) << ' ' << std::right << std::setw(7) << r.actions << "  " << styled
                << "  " << TerminalText::printable(r.summary) << '\n';
    }
    return kExitOk;
}

} // namespace warden
