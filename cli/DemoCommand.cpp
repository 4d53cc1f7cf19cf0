#include "cli/DemoCommand.h"

#include "cli/CliArgs.h"
#include "cli/EvaluationPrinter.h"
#include "cli/LiveSession.h"
#include "cli/RemoteSession.h"
#include "core/agents/AgentDemo.h"
#include "core/agents/AgentProfile.h"
#include "core/common/ResourcePaths.h"
#include "core/host/HostEndpoint.h"
#include "core/scenarios/DemoScenario.h"
#include "core/scenarios/ExampleReplay.h"
#include "core/store/AuditStore.h"
#include "core/store/StorePaths.h"

#include <unistd.h>

namespace warden {

const char *DemoCommand::help()
{
    return "usage: wardenctl demo NAME [--host bwrap|docker|wardens://HOST:PORT] [--json] [--db PATH]\n"
           "                          [--approval-timeout SECONDS] [--replay]\n"
           "\n"
           "Boot a real sandbox, run a scripted agent (a stand-in for an LLM, replaying a\n"
           "real injection), and print the verdicts as they arrive and the judgement.\n"
           "\n"
           "  code-bot       an injected CSV makes the agent post API keys to attacker.example\n"
           "  kubesleuth     a log line asks for curl ... | bash; a restart waits for a reviewer\n"
           "  storage-exfil  a declared storage host, but the upload carries credentials\n"
           "  raw-agent      an agent without the SDK reads planted credentials, connects around the\n"
           "                 proxy, downloads and runs a script: caught from its system calls\n"
           "  mcp-files      a README tells a model driving an MCP file server to read ~/.ssh, plant\n"
           "                 a cron job and run a hidden tool; the summary it writes waits for a reviewer\n"
           "\n"
           "Real agent CLIs, unmodified, against a scripted model (a stand-in for the hosted one);\n"
           "installed with resources/agents/install-agents.sh:\n"
           "  claude-code-injected, codex-injected, gemini-injected\n"
           "                 asked to fix a failing test, the CLI reads a README whose hidden comment\n"
           "                 has it fetch and run a script, post ~/.aws/credentials and plant a cron job\n"
           "\n"
           "  --host H       bwrap (default, no daemon) or docker (DOCKER_HOST, image warden-sandbox:1),\n"
           "                 or a remote Warden host (wardenctl serve); its token from WARDEN_HOST_TOKEN\n"
           "                 or --token-file, its backend with --backend bwrap|docker\n"
           "  --replay       judge the recorded trace of code-bot, code-bot-benign or kubesleuth\n"
           "                 instead of running a sandbox\n"
           "On a terminal, approval requests are answered inline; otherwise decide them\n"
           "with wardenctl approvals. The sandbox image is built on first use.\n";
}

int DemoCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(
        argList, {{"--db", "--host", "--approval-timeout", "--token-file", "--backend"}, {"--json", "--replay"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("demo takes one scenario name (see wardenctl demo --help)");
    const std::string &name = args->positional().front();

    if (args->flag("--replay")) {
        auto evaluation = ExampleReplay::evaluate(name);
        if (!evaluation)
            return ctx.usageError(evaluation.error().toString());
        auto store = AuditStore::open(StorePaths::resolve(args->value("--db").value_or("")));
        if (!store) {
            ctx.printError(store.error());
            return kExitBadInput;
        }
        auto runId = ExampleReplay::record(name, **store);
        if (!runId) {
            ctx.printError(runId.error());
            return kExitBadInput;
        }
        if (args->flag("--json")) {
            auto doc = evaluation->toJson();
            doc["run"] = *runId;
            ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return kExitOk;
        }
        ctx.out << ctx.style.dim("Replaying the recorded \"" + name + "\" trace (no sandbox).") << "\n\n";
        EvaluationPrinter::print(*evaluation, ctx);
        ctx.out << "  recorded as run " << *runId << '\n';
        return kExitOk;
    }

    auto approvalTimeout = args->integer("--approval-timeout", 1, 24 * 3600, 120);
    if (!approvalTimeout)
        return ctx.usageError(approvalTimeout.error().message);
    auto printStory = [&] {
        if (args->flag("--json"))
            return;
        for (const auto &s : DemoScenario::all())
            if (s.name == name)
                ctx.out << ctx.style.bold(s.title) << "\n"
                        << s.story << "\n"
                        << ctx.style.dim("The agent is a scripted stand-in for an LLM; the sandbox, gateway, proxy, "
                                         "policy, judge and store are real.")
                        << "\n\n";
        if (const AgentDemo *demo = AgentDemo::find(name))
            ctx.out << ctx.style.bold(demo->title) << "\n"
                    << demo->story << "\n"
                    << ctx.style.dim("The model is a scripted stand-in for the hosted one; " + demo->profile->title +
                                     ", the sandbox, proxy, supervisor, MCP bridge, judge and store are real.")
                    << "\n\n";
    };
    const std::string host = args->value("--host").value_or("bwrap");
    const std::string user = std::getenv("USER") ? std::getenv("USER") : "unknown";
    if (HostEndpoint::looksLikeUrl(host)) {
        auto endpoint = HostEndpoint::fromCommandLine(host, args->value("--token-file").value_or(""));
        if (!endpoint)
            return ctx.usageError(endpoint.error().toString());
        printStory();
        return RemoteSession::run(*endpoint,
                                  {{"demo", name},
                                   {"backend", args->value("--backend").value_or("bwrap")},
                                   {"approval_timeout", *approvalTimeout},
                                   {"launcher", user}},
                                  args->flag("--json"), !args->flag("--json") && ::isatty(STDIN_FILENO), ctx);
    }
    if (args->value("--backend") || args->value("--token-file"))
        return ctx.usageError("--backend and --token-file go with a remote --host wardens://...");
    if (host != "bwrap" && host != "docker")
        return ctx.usageError("--host takes bwrap, docker or wardens://HOST:PORT, not \"" + host + "\"");
    auto root = ResourcePaths::imageRoot();
    if (!root) {
        if (!args->flag("--json"))
            ctx.out << ctx.style.dim("Building the sandbox image once (Debian minbase + python3)...") << std::endl;
        root = ResourcePaths::buildImage();
        if (!root) {
            ctx.err << "wardenctl: " << root.error().message << '\n';
            return kExitBadInput;
        }
    }
    auto config = AgentDemo::configFor(name, host, host == "docker" ? std::string("warden-sandbox:1") : *root);
    if (!config)
        return ctx.usageError(config.error().toString());
    config->approvalTimeoutSeconds = *approvalTimeout;
    config->launcher = user;
    printStory();
    return LiveSession::run(std::move(*config), LiveSession::Options::from(*args), ctx);
}

} // namespace warden
