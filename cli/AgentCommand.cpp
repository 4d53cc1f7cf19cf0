#include "cli/AgentCommand.h"

#include "cli/CliArgs.h"
#include "cli/LiveSession.h"
#include "core/agents/AgentRun.h"
#include "core/common/ResourcePaths.h"
#include "core/common/TextFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdlib>

namespace warden {

const char *AgentCommand::help()
{
    return "usage: wardenctl agent claude-code|codex|gemini --workspace DIR [--model-url URL]\n"
           "                       [--declaration D.json] [--host bwrap|docker] [--wall-seconds N]\n"
           "                       [--json] [--db PATH] -- PROMPT\n"
           "\n"
           "Run a real agent CLI, unmodified and headless, on PROMPT in a fresh hardened\n"
           "sandbox: its installation (resources/agents/install-agents.sh) read-only, DIR\n"
           "writable as its working directory, a fresh home with its settings (no\n"
           "telemetry, no updates). Warden judges every program it runs, file it touches,\n"
           "connection it makes and MCP tool it calls against the declaration Warden ships\n"
           "for it (resources/declarations/agent-NAME.json) or --declaration. --model-url\n"
           "is its model's base URL (default: the vendor's), declared as a destination of\n"
           "this run. The API key is taken from the CLI's own variable in this environment\n"
           "(ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY).\n";
}

int AgentCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--workspace", "--model-url", "--declaration", "--host", "--db",
                                          "--wall-seconds", "--approval-timeout", "--image"},
                                         {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &positional = args->positional();
    if (positional.size() < 2)
        return ctx.usageError("agent needs a CLI (claude-code, codex, gemini), --workspace DIR and a prompt after --");
    const AgentProfile *profile = AgentProfile::find(positional.front());
    if (!profile)
        return ctx.usageError("no agent CLI \"" + positional.front() + "\" (claude-code, codex, gemini)");
    const auto workspace = args->value("--workspace");
    if (!workspace)
        return ctx.usageError("agent needs --workspace DIR (the agent's working directory, writable)");
    AgentRun run;
    run.profile = profile;
    run.installation = ResourcePaths::agentsDir() + "/" + profile->name;
    run.workspace = QFileInfo(QString::fromStdString(*workspace)).absoluteFilePath().toStdString();
    run.modelUrl = args->value("--model-url").value_or("");
    for (std::size_t i = 1; i < positional.size(); ++i)
        run.prompt += (i > 1 ? " " : "") + positional[i];
    if (const char *key = std::getenv(profile->apiKeyVariable.c_str()))
        run.apiKey = key;
    run.hostKind = args->value("--host").value_or("bwrap");
    if (run.hostKind != "bwrap" && run.hostKind != "docker")
        return ctx.usageError("--host takes bwrap or docker");
    if (const auto file = args->value("--declaration")) {
        auto text = readTextFile(*file, 1024 * 1024);
        if (!text) {
            ctx.printError(text.error());
            return kExitBadInput;
        }
        run.declarationText = *text;
        run.declarationName = *file;
    } else {
        auto resources = ResourcePaths::root();
        auto text = resources ? readTextFile(*resources + "/declarations/" + profile->declaration, 1024 * 1024)
                              : Result<std::string>(std::unexpected(resources.error()));
        if (!text) {
            ctx.printError(text.error());
            return kExitBadInput;
        }
        run.declarationText = *text;
        run.declarationName = profile->declaration;
    }
    auto wallSeconds = args->integer("--wall-seconds", 1, 24 * 3600, run.wallSeconds);
    auto approvalTimeout = args->integer("--approval-timeout", 1, 24 * 3600, 0);
    if (!wallSeconds || !approvalTimeout)
        return ctx.usageError((wallSeconds ? approvalTimeout.error() : wallSeconds.error()).message);
    run.wallSeconds = *wallSeconds;
    run.image = args->value("--image").value_or("");
    if (run.image.empty()) {
        auto chosen = ResourcePaths::defaultImage(run.hostKind);
        if (!chosen) {
            ctx.err << "wardenctl: " << chosen.error().message << '\n';
            return kExitBadInput;
        }
        run.image = *chosen;
    }
    auto config = run.config();
    if (!config) {
        ctx.err << "wardenctl: " << TerminalText::printable(config.error().toString()) << '\n';
        return kExitBadInput;
    }
    if (!run.modelUrl.empty())
        ctx.err << "wardenctl: " << profile->title << "'s model is at " << TerminalText::printable(run.modelUrl)
                << ", declared as a destination of this run\n";
    if (*approvalTimeout > 0)
        config->approvalTimeoutSeconds = *approvalTimeout;
    config->launcher = std::getenv("USER") ? std::getenv("USER") : "unknown";
    return LiveSession::run(std::move(*config), LiveSession::Options::from(*args), ctx);
}

} // namespace warden
