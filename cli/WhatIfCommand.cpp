#include "cli/WhatIfCommand.h"

#include "cli/CliArgs.h"
#include "core/common/Timestamp.h"
#include "core/investigate/WhatIfReplay.h"
#include "core/store/RunReader.h"
#include "core/store/StorePaths.h"

#include <iomanip>
#include <map>
#include <sstream>

namespace warden {

const char *WhatIfCommand::help()
{
    return "usage: wardenctl whatif --declaration NEW.json [--agent A | --all-agents] [--since T] [--runs ID,...]\n"
           "                       [options]\n"
           "\n"
           "Decide every stored action of the selected runs again under NEW with the live\n"
           "policy engine, judge each run again, and show what would change: actions\n"
           "allowed that would be denied, denied that would be allowed, and those that\n"
           "would now need approval, and each run's verdict before and after. Only a\n"
           "verified audit chain is read; a store that does not verify is refused.\n"
           "\n"
           "  --declaration NEW  the declaration to try\n"
           "  --agent A          only runs of agent A (default: the agent NEW declares, unless\n"
           "                     --runs names the runs)\n"
           "  --all-agents       runs of every agent\n"
           "  --since T          only runs started at or after T (RFC 3339, e.g. 2026-12-01T00:00:00Z)\n"
           "  --runs ID,...      only these runs (ids or unique prefixes, comma-separated)\n"
           "  --show N           changed actions listed per run (default 20; with --json,\n"
           "                     100,000 unless given; the rest are counted)\n"
           "  --json             one JSON document instead of a table\n"
           "  --db PATH          the audit store (default: $WARDEN_DB, else the XDG data dir)\n"
           "\n"
           "Exit status: 0 no run judged malicious would have anything allowed, 1 one\n"
           "would (the declaration opens a door an attack was stopped at), 2 bad input\n"
           "or a store that does not verify.\n";
}

namespace {

nlohmann::json reportJson(const WhatIfReport &report, const Declaration &next)
{
    nlohmann::json runs = nlohmann::json::array();
    for (const auto &run : report.runs) {
        nlohmann::json changes = nlohmann::json::array();
        for (const auto &c : run.changes)
            changes.push_back({{"seq", c.seq},
                               {"kind", c.kind},
                               {"action", c.action},
                               {"before", c.before},
                               {"after", c.after},
                               {"recorded", c.recorded.empty() ? c.before : c.recorded},
                               {"rule", c.rule},
                               {"reasons", c.reasons}});
        nlohmann::json entry = {{"run", run.runId},
                                {"agent", run.agent},
                                {"started", Timestamp::format(run.startedMs)},
                                {"declaration_sha256", run.declarationSha256},
                                {"actions", run.actions},
                                {"unanswered", run.unanswered},
                                {"stored_label", run.storedLabel},
                                {"after", run.after.toJson()},
                                {"changes", std::move(changes)},
                                {"changed", run.changed},
                                {"moves", run.moves},
                                {"opens_malicious_run", run.opensMaliciousRun()}};
        if (run.problem.empty())
            entry["before"] = run.before.toJson();
        else
            entry["problem"] = run.problem;
        runs.push_back(std::move(entry));
    }
    return {{"declaration", {{"agent", next.agent}, {"sha256", next.sha256}}},
            {"records_verified", report.recordsVerified},
            {"actions", report.actions},
            {"runs", std::move(runs)}};
}

std::string verdictText(const Judgement &j)
{
    std::ostringstream s;
    s << labelName(j.label) << " (" << std::fixed << std::setprecision(2) << j.confidence << ")";
    return s.str();
}

void printReport(const WhatIfReport &report, const Declaration &next, int show, CliContext &ctx)
{
    const auto &style = ctx.style;
    const auto shown = [](const std::string &s) { return TerminalText::printable(s); };
    ctx.out << style.bold("what-if") << ": declaration of " << shown(next.agent) << " (sha256 "
            << next.sha256.substr(0, 12) << ") over " << report.runs.size() << " run"
            << (report.runs.size() == 1 ? "" : "s") << ", " << report.actions << " actions; audit chain intact ("
            << report.recordsVerified << " records verified)\n";
    std::map<std::string, std::int64_t> moves;
    int changedRuns = 0, changedVerdicts = 0, opened = 0;
    for (const auto &run : report.runs) {
        for (const auto &[move, count] : run.moves)
            moves[move] += count;
        changedVerdicts += run.verdictChanged();
        opened += run.opensMaliciousRun();
        if (run.changed == 0 && !run.verdictChanged() && run.problem.empty())
            continue;
        ++changedRuns;
        ctx.out << '\n'
                << style.bold("run " + run.runId) << "  " << shown(run.agent) << "  "
                << Timestamp::format(run.startedMs) << "  " << run.actions << " actions, " << run.changed
                << " decided differently\n";
        for (std::size_t i = 0; i < run.changes.size() && i < std::size_t(show); ++i) {
            const auto &c = run.changes[i];
            const std::string to = c.after == "allow"  ? style.green(c.after)
                                   : c.after == "deny" ? style.red(c.after)
                                                       : style.yellow(shown(c.after));
            ctx.out << "  " << std::setw(6) << c.seq << "  " << shown(c.before) << " -> " << to << "  "
                    << shown(c.action) << (c.recorded.empty() ? "" : "  [on record: " + shown(c.recorded) + "]")
                    << (c.reasons.empty() ? (c.rule.empty() ? "" : "  (" + shown(c.rule) + ")")
                                          : "  (" + shown(c.reasons) + ")")
                    << '\n';
        }
        if (run.changed > show)
            ctx.out << "  ... and " << run.changed - show << " more (--show N, or --json)\n";
        if (!run.problem.empty())
            ctx.out << "  " << style.yellow("note") << ": " << shown(run.problem) << '\n';
        else if (run.verdictChanged())
            ctx.out << "  verdict: " << verdictText(run.before) << " -> " << style.bold(verdictText(run.after)) << ": "
                    << shown(run.after.summary) << '\n';
        if (run.unanswered > 0)
            ctx.out << "  " << run.unanswered << " actions were never decided (the run ended first): not compared\n";
        if (run.opensMaliciousRun())
            ctx.out << "  " << style.red(style.bold("OPENS A MALICIOUS RUN"))
                    << ": this run was judged malicious, and the new declaration would allow what was refused\n";
    }
    ctx.out << '\n' << style.bold("summary") << ": " << changedRuns << " of " << report.runs.size() << " runs change";
    for (const auto &[move, count] : moves)
        ctx.out << "; " << shown(move) << ": " << count;
    ctx.out << "; " << changedVerdicts << " verdict" << (changedVerdicts == 1 ? "" : "s") << " change";
    if (opened > 0)
        ctx.out << "; "
                << style.red(std::to_string(opened) + " malicious run" + (opened == 1 ? "" : "s") +
                             " would now have something allowed");
    ctx.out << '\n';
}

} // namespace

int WhatIfCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(
        argList, {{"--declaration", "--agent", "--since", "--runs", "--show", "--db"}, {"--json", "--all-agents"}});
    if (!args)
        return ctx.usageError(args.error().message + " (see wardenctl whatif --help)");
    if (!args->positional().empty())
        return ctx.usageError("unexpected argument \"" + args->positional().front() + "\"");
    auto path = args->value("--declaration");
    if (!path)
        return ctx.usageError("whatif needs --declaration NEW.json (see wardenctl whatif --help)");
    auto show = args->integer("--show", 0, 1'000'000, 20);
    if (!show)
        return ctx.usageError(show.error().message);
    auto next = Declaration::load(*path);
    if (!next) {
        ctx.printError(next.error());
        return kExitBadInput;
    }
    if (args->value("--agent") && args->flag("--all-agents"))
        return ctx.usageError("--agent and --all-agents do not go together");
    WhatIfSelection selection;
    // A declaration is one agent's: replayed over another agent's runs it
    // would only say that agent's tools are undeclared.
    selection.agent = args->value("--agent").value_or(
        args->flag("--all-agents") || args->value("--runs") ? std::string() : next->agent);
    if (auto since = args->value("--since")) {
        auto ms = Timestamp::parse(*since);
        if (!ms)
            return ctx.usageError("--since: " + ms.error().message);
        selection.sinceMs = *ms;
    }
    const std::string db = StorePaths::resolve(args->value("--db").value_or(""));
    if (auto runs = args->value("--runs")) {
        auto reader = RunReader::open(db);
        if (!reader) {
            ctx.printError(reader.error());
            return kExitBadInput;
        }
        std::stringstream list(*runs);
        for (std::string id; std::getline(list, id, ',');) {
            auto full = reader->resolveRunId(id);
            if (!full)
                return ctx.usageError("--runs: " + full.error().message);
            selection.runIds.push_back(*full);
        }
        if (selection.runIds.empty())
            return ctx.usageError("--runs names no run");
    }
    selection.changesKept = args->value("--show") || !args->flag("--json") ? std::size_t(*show) : 100'000;
    auto declaration = std::make_shared<const Declaration>(std::move(*next));
    auto report = WhatIfReplay::replay(db, declaration, selection);
    if (!report) {
        ctx.printError(report.error());
        return kExitBadInput;
    }
    // No run to answer for is not "nothing would change": a renamed agent
    // or a typo would otherwise pass the gate.
    if (report->runs.empty()) {
        ctx.err << "wardenctl: no stored run matched"
                << (selection.agent.empty() ? "" : " (agent \"" + TerminalText::printable(selection.agent) + "\")")
                << (selection.sinceMs ? " since " + Timestamp::format(*selection.sinceMs) : "")
                << "; nothing was replayed (--agent A, --all-agents, --runs)\n";
        return kExitBadInput;
    }
    if (args->flag("--json"))
        ctx.out << reportJson(*report, *declaration).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    else
        printReport(*report, *declaration, *show, ctx);
    for (const auto &run : report->runs)
        if (run.opensMaliciousRun())
            return kExitFinding;
    return kExitOk;
}

} // namespace warden
