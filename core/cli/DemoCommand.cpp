#include "cli/DemoCommand.h"

#include "cli/CliArgs.h"
#include "cli/EvaluationPrinter.h"
#include "scenarios/ExampleReplay.h"
#include "store/AuditStore.h"
#include "store/StorePaths.h"

namespace warden {

const char *DemoCommand::help()
{
    return "usage: wardenctl demo NAME [--json] [--db PATH]\n"
           "\n"
           "Replay a recorded injection story through the policy engine and the judge,\n"
           "store it as a run, and print the verdicts and the judgement.\n"
           "NAME: code-bot (an injected CSV makes the agent steal keys), code-bot-benign,\n"
           "kubesleuth (a log line asks for curl ... | bash).\n";
}

int DemoCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--db"}, {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("demo takes one scenario name (see wardenctl demo --help)");
    const std::string &name = args->positional().front();
    auto evaluation = ExampleReplay::evaluate(name);
    if (!evaluation)
        return ctx.usageError(evaluation.error().toString());
    auto store = AuditStore::open(StorePaths::resolve(args->value("--db").value_or("")));
    if (!store) {
        ctx.err << store.error().toString() << '\n';
        return kExitBadInput;
    }
    auto runId = ExampleReplay::record(name, **store);
    if (!runId) {
        ctx.err << runId.error().toString() << '\n';
        return kExitBadInput;
    }
    if (args->flag("--json")) {
        auto doc = evaluation->toJson();
        doc["run"] = *runId;
        doc["scenario"] = name;
        ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return kExitOk;
    }
    ctx.out << ctx.style.dim("Replaying the recorded \"" + name + "\" run (a scripted stand-in for an LLM agent).")
            << "\n\n";
    EvaluationPrinter::print(*evaluation, ctx);
    ctx.out << "  recorded as run " << *runId << " (open it in the console, or wardenctl export " << runId->substr(0, 8)
            << ")\n";
    return kExitOk;
}

} // namespace warden
