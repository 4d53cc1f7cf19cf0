#include "cli/RunCommand.h"

#include "cli/CliArgs.h"
#include "cli/LiveSession.h"
#include "cli/RemoteSession.h"
#include "core/common/ResourcePaths.h"
#include "core/common/TextFile.h"
#include "core/host/HostEndpoint.h"
#include "core/scenarios/CustomRun.h"

#include <unistd.h>

namespace warden {

const char *RunCommand::help()
{
    return "usage: wardenctl run --declaration D.json [--host bwrap|docker|wardens://HOST:PORT] [--image I]\n"
           "                     [--data DIR] [--wall-seconds N] [--json] [--db PATH] -- CMD [ARG...]\n"
           "\n"
           "Run any agent command in a fresh hardened sandbox under a declaration. The\n"
           "agent reaches tools only through $WARDEN_GATEWAY and the network only through\n"
           "the egress proxy ($HTTP_PROXY). --image is a root directory for bwrap (default:\n"
           "Warden's image) or an image reference for docker (default warden-sandbox:1).\n"
           "--data DIR is mounted read-only at /data. The agent SDK is at /opt/warden.\n"
           "With a remote Warden host (wardenctl serve) the run executes there, in the host's\n"
           "own image (--backend bwrap|docker; token from WARDEN_HOST_TOKEN or --token-file).\n";
}

namespace {

int runRemote(const CliArgs &args, const std::string &host, CliContext &ctx)
{
    if (args.value("--image") || args.value("--data"))
        return ctx.usageError("--image and --data are not available on a remote host: it runs its own image");
    auto endpoint = HostEndpoint::fromCommandLine(host, args.value("--token-file").value_or(""));
    if (!endpoint)
        return ctx.usageError(endpoint.error().toString());
    // The declaration is checked here first, then sent as text so that the
    // host's errors still name its lines.
    const std::string path = *args.value("--declaration");
    auto text = readTextFile(path, 1024 * 1024);
    if (!text) {
        ctx.printError(text.error());
        return kExitBadInput;
    }
    if (auto declaration = Declaration::parse(*text, path); !declaration) {
        ctx.printError(declaration.error());
        return kExitBadInput;
    }
    nlohmann::json request = {{"declaration", *text},
                              {"argv", args.positional()},
                              {"backend", args.value("--backend").value_or("bwrap")},
                              {"launcher", std::getenv("USER") ? std::getenv("USER") : "unknown"}};
    for (const auto &[option, field] :
         {std::pair{"--wall-seconds", "wall_seconds"}, {"--approval-timeout", "approval_timeout"}}) {
        auto seconds = args.integer(option, 1, 24 * 3600, 0);
        if (!seconds)
            return ctx.usageError(seconds.error().message);
        if (*seconds > 0)
            request[field] = *seconds;
    }
    return RemoteSession::run(*endpoint, std::move(request), args.flag("--json"),
                              !args.flag("--json") && ::isatty(STDIN_FILENO), ctx);
}

} // namespace

int RunCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--declaration", "--host", "--image", "--data", "--db", "--wall-seconds",
                                          "--approval-timeout", "--token-file", "--backend"},
                                         {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto declarationFile = args->value("--declaration");
    if (!declarationFile || args->positional().empty())
        return ctx.usageError("run needs --declaration and a command after -- (see wardenctl run --help)");
    const std::string host = args->value("--host").value_or("bwrap");
    if (HostEndpoint::looksLikeUrl(host))
        return runRemote(*args, host, ctx);
    if (args->value("--backend") || args->value("--token-file"))
        return ctx.usageError("--backend and --token-file go with a remote --host wardens://...");
    auto declaration = Declaration::load(*declarationFile);
    if (!declaration) {
        ctx.printError(declaration.error());
        return kExitBadInput;
    }
    if (host != "bwrap" && host != "docker")
        return ctx.usageError("--host takes bwrap, docker or wardens://HOST:PORT");
    std::string image = args->value("--image").value_or("");
    if (image.empty()) {
        auto chosen = ResourcePaths::defaultImage(host);
        if (!chosen) {
            ctx.err << "wardenctl: " << chosen.error().message << '\n';
            return kExitBadInput;
        }
        image = *chosen;
    }
    CustomRun run;
    run.declaration = std::make_shared<const Declaration>(std::move(*declaration));
    run.hostKind = host;
    run.image = image;
    run.argv = args->positional();
    run.dataDir = args->value("--data").value_or("");
    auto wallSeconds = args->integer("--wall-seconds", 1, 24 * 3600, run.wallSeconds);
    auto approvalTimeout = args->integer("--approval-timeout", 1, 24 * 3600, 0);
    if (!wallSeconds || !approvalTimeout)
        return ctx.usageError((wallSeconds ? approvalTimeout.error() : wallSeconds.error()).message);
    run.wallSeconds = *wallSeconds;
    auto config = run.config();
    if (!config) {
        ctx.err << "wardenctl: " << TerminalText::printable(config.error().toString()) << '\n';
        return kExitBadInput;
    }
    if (*approvalTimeout > 0)
        config->approvalTimeoutSeconds = *approvalTimeout;
    config->launcher = std::getenv("USER") ? std::getenv("USER") : "unknown";
    return LiveSession::run(std::move(*config), LiveSession::Options::from(*args), ctx);
}

} // namespace warden
