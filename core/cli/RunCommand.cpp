#include "cli/RunCommand.h"

#include "cli/CliArgs.h"
#include "cli/LiveSession.h"
#include "scenarios/ResourcePaths.h"

#include <unistd.h>

namespace warden {

const char *RunCommand::help()
{
    return "usage: wardenctl run --declaration D.json [--host bwrap|docker] [--image I]\n"
           "                     [--data DIR] [--wall-seconds N] [--json] [--db PATH] -- CMD [ARG...]\n"
           "\n"
           "Run any agent command in a fresh hardened sandbox under a declaration. The\n"
           "agent reaches tools only through $WARDEN_GATEWAY and the network only through\n"
           "the egress proxy ($HTTP_PROXY). --image is a root directory for bwrap (default:\n"
           "Warden's image) or an image reference for docker (default warden-sandbox:1).\n"
           "--data DIR is mounted read-only at /data. The agent SDK is at /opt/warden.\n";
}

int RunCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--declaration", "--host", "--image", "--data", "--db", "--wall-seconds",
                                          "--approval-timeout"},
                                         {"--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (!args->value("--declaration") || args->positional().empty())
        return ctx.usageError("run needs --declaration and a command after -- (see wardenctl run --help)");
    auto declaration = Declaration::load(*args->value("--declaration"));
    if (!declaration) {
        ctx.err << declaration.error().toString() << '\n';
        return kExitBadInput;
    }
    const std::string host = args->value("--host").value_or("bwrap");
    if (host != "bwrap" && host != "docker")
        return ctx.usageError("--host takes bwrap or docker");
    std::string image = args->value("--image").value_or("");
    if (image.empty()) {
        if (host == "docker") {
            image = "warden-sandbox:1";
        } else {
            auto root = ResourcePaths::imageRoot();
            if (!root)
                root = ResourcePaths::buildImage();
            if (!root) {
                ctx.err << "wardenctl: " << root.error().message << '\n';
                return kExitBadInput;
            }
            image = *root;
        }
    }
    auto resources = ResourcePaths::root();
    if (!resources) {
        ctx.err << "wardenctl: " << resources.error().message << '\n';
        return kExitBadInput;
    }
    RunConfig config;
    config.declaration = std::make_shared<const Declaration>(std::move(*declaration));
    config.source = "run";
    config.hostKind = host;
    config.sandbox.image = image;
    config.sandbox.argv = {"python3", "/opt/warden/warden_init.py"};
    for (const auto &a : args->positional())
        config.sandbox.argv.push_back(a);
    config.sandbox.binds = {{*resources + "/agent", "/opt/warden", false}};
    if (auto data = args->value("--data"))
        config.sandbox.binds.push_back({*data, "/data", false});
    try {
        if (auto w = args->value("--wall-seconds"))
            config.sandbox.wallSeconds = std::stoi(*w);
        if (auto t = args->value("--approval-timeout"))
            config.approvalTimeoutSeconds = std::stoi(*t);
    } catch (const std::exception &) {
        return ctx.usageError("--wall-seconds and --approval-timeout take whole seconds");
    }
    config.launcher = std::getenv("USER") ? std::getenv("USER") : "unknown";
    LiveSession::Options options;
    options.db = args->value("--db").value_or("");
    options.json = args->flag("--json");
    options.prompt = !options.json && ::isatty(STDIN_FILENO);
    return LiveSession::run(std::move(config), options, ctx);
}

} // namespace warden
