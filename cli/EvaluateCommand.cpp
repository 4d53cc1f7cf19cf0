#include "cli/EvaluateCommand.h"

#include "cli/CliArgs.h"
#include "cli/EvaluationPrinter.h"
#include "core/judge/TraceEvaluation.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/store/StorePaths.h"

namespace warden {

const char *EvaluateCommand::help()
{
    return "usage: wardenctl evaluate --declaration D.json --trace T.jsonl [options]\n"
           "\n"
           "Judge every action of a trace against a declaration, then judge the sequence.\n"
           "\n"
           "  --declaration D    the agent's declaration (format version 1)\n"
           "  --trace T          the actions, one JSON object per line ('-' for stdin is not supported)\n"
           "  --json             print one JSON document instead of a table\n"
           "  --fail-on LABEL    exit 1 when the judgement is LABEL or worse (suspicious|malicious)\n"
           "  --record           store the evaluated trace as a run in the audit store\n"
           "  --db PATH          the audit store (default: $WARDEN_DB, else the XDG data dir)\n"
           "\n"
           "Exit status: 0 evaluated, 1 judgement at or above --fail-on, 2 bad input\n"
           "(printed as FILE:LINE: message).\n";
}

int EvaluateCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--declaration", "--trace", "--fail-on", "--db"}, {"--json", "--record"}});
    if (!args)
        return ctx.usageError(args.error().message + " (see wardenctl evaluate --help)");
    auto decl = args->value("--declaration");
    auto trace = args->value("--trace");
    if (!decl || !trace)
        return ctx.usageError("evaluate needs --declaration and --trace (see wardenctl evaluate --help)");
    if (!args->positional().empty())
        return ctx.usageError("unexpected argument \"" + args->positional().front() + "\"");
    std::optional<Label> failOn;
    if (auto f = args->value("--fail-on")) {
        failOn = labelFromName(*f);
        if (!failOn || *failOn == Label::Benign)
            return ctx.usageError("--fail-on takes suspicious or malicious, not \"" + *f + "\"");
    }

    auto evaluation = TraceEvaluation::evaluateFiles(*decl, *trace);
    if (!evaluation) {
        ctx.printError(evaluation.error());
        return kExitBadInput;
    }

    std::string runId;
    if (args->flag("--record")) {
        auto store = AuditStore::open(StorePaths::resolve(args->value("--db").value_or("")));
        if (!store) {
            ctx.printError(store.error());
            return kExitBadInput;
        }
        runId = RunRecords::newRunId();
        auto records = RunRecords::evaluatedRun(runId, *evaluation, "trace:" + *trace, "trace evaluated");
        if (auto ok = (*store)->appendAndWait(std::move(records)); !ok) {
            ctx.printError(ok.error());
            return kExitBadInput;
        }
    }

    if (args->flag("--json")) {
        auto doc = evaluation->toJson();
        if (!runId.empty())
            doc["run"] = runId;
        ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        EvaluationPrinter::print(*evaluation, ctx);
        if (!runId.empty())
            ctx.out << "  recorded as run " << runId << '\n';
    }
    if (failOn && evaluation->judgement.label >= *failOn)
        return kExitFinding;
    return kExitOk;
}

} // namespace warden
