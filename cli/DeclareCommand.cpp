#include "cli/DeclareCommand.h"

#include "cli/CliArgs.h"
#include "core/mcp/McpRemoteServer.h"
#include "core/mcp/McpServerProcess.h"
#include "core/mcp/McpToolLister.h"
#include "core/mcp/StarterDeclaration.h"
#include "core/policy/PathScope.h"
#include "core/policy/Url.h"
#include "core/scenarios/ResourcePaths.h"

#include <QEventLoop>

namespace warden {

const char *DeclareCommand::help()
{
    return "usage: wardenctl declare --from-mcp --name S [--data DIR] [--code DIR] [--agent NAME]\n"
           "                         [--timeout SECONDS] -- CMD [ARG...]\n"
           "       wardenctl declare --from-mcp --name S --url URL [--agent NAME] [--timeout SECONDS]\n"
           "\n"
           "Start the stdio MCP server CMD in a sandbox of its own (Warden's image; DIR mounted\n"
           "read-write with --data, read-only with --code, each at its own path; no network),\n"
           "list its tools and print a starter declaration for an agent that uses it as\n"
           "server S: every tool S.TOOL needs a reviewer's approval and each parameter is\n"
           "typed from the tool's JSON Schema (path-like names as paths within --data). It is\n"
           "a start, for a person to tighten; wardenctl check-declaration accepts it as printed.\n"
           "With --url, the server is a Streamable HTTP one at URL (reached directly, no proxy,\n"
           "no redirects), and the declaration lists its destination.\n"
           "Exit status: 0 printed, 1 the server could not be listed, 2 bad usage.\n";
}

int DeclareCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args =
        CliArgs::parse(argList, {{"--name", "--data", "--code", "--agent", "--timeout", "--url"}, {"--from-mcp"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (!args->flag("--from-mcp"))
        return ctx.usageError("declare needs --from-mcp (the only source this Warden declares from)");
    McpServerRule server;
    server.name = args->value("--name").value_or("");
    if (!McpServerRule::validName(server.name))
        return ctx.usageError("--name: a server name is 1 to 64 letters, digits, '-' or '_'");
    server.command = args->positional();
    if (const auto url = args->value("--url")) {
        if (!server.command.empty() || args->value("--data") || args->value("--code"))
            return ctx.usageError("--url: a server at a URL has no command and no directories");
        auto parsed = Url::parse(*url);
        if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https") || !parsed->userinfo.empty())
            return ctx.usageError("--url: an http or https URL without a user name or password");
        server.url = *url;
        server.host = parsed->host;
        server.port = parsed->port;
    } else if (server.command.empty())
        return ctx.usageError("declare --from-mcp needs the server's command after --, or --url");
    for (const char *option : {"--data", "--code"}) {
        const auto dir = args->value(option);
        if (!dir)
            continue;
        auto normal = PathScope::normalize(*dir);
        if (!normal || !dir->starts_with('/') || *normal == "/")
            return ctx.usageError(std::string(option) + ": must be an absolute directory other than /");
        (std::string_view(option) == "--data" ? server.dataDir : server.codeDir) = *normal;
    }
    auto timeout = args->integer("--timeout", 1, 600, 30);
    if (!timeout)
        return ctx.usageError(timeout.error().message);
    const std::string agent = args->value("--agent").value_or(server.name + "-agent");
    McpServerLink *link = nullptr;
    if (server.url.empty()) {
        auto root = ResourcePaths::imageRoot();
        if (!root) {
            ctx.printError(root.error());
            return kExitFinding;
        }
        // Whom the server runs as when wardenctl is root: nobody.
        link = new McpServerProcess(server, McpServerProcess::specFor(server, *root, 65534, 65534));
    } else {
        // The person named the URL: it is reached, at whatever address it has.
        link = new McpRemoteServer(
            server, [](const std::function<void(bool, std::string)> &answer) { answer(true, {}); },
            McpRemoteServer::Addresses::InternalToo);
    }
    McpToolLister lister(server, link, *timeout * 1000);
    std::optional<Result<std::vector<nlohmann::json>>> listed;
    QEventLoop loop;
    lister.start([&](Result<std::vector<nlohmann::json>> tools) {
        listed = std::move(tools);
        loop.quit();
    });
    if (!listed)
        loop.exec();
    if (!*listed) {
        ctx.printError(listed->error());
        return kExitFinding;
    }
    auto text = StarterDeclaration::fromTools(server, agent, **listed);
    if (!text) {
        ctx.printError(text.error());
        return kExitFinding;
    }
    ctx.out << *text;
    return kExitOk;
}

} // namespace warden
