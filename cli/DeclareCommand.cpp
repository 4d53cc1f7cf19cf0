#include "cli/DeclareCommand.h"

#include "cli/CliArgs.h"
#include "core/common/ResourcePaths.h"
#include "core/mcp/AgentMcpConfig.h"
#include "core/mcp/McpRemoteServer.h"
#include "core/mcp/McpServerProcess.h"
#include "core/mcp/McpServerToken.h"
#include "core/mcp/McpToolLister.h"
#include "core/mcp/StarterDeclaration.h"
#include "core/policy/PathScope.h"
#include "core/secrets/Keychain.h"

#include <QEventLoop>
#include <QSaveFile>

namespace warden {

const char *DeclareCommand::help()
{
    return "usage: wardenctl declare --from-mcp --name S [--data DIR] [--code DIR] [--agent NAME]\n"
           "                         [--timeout SECONDS] -- CMD [ARG...]\n"
           "       wardenctl declare --from-mcp --name S --url URL [--token-from-keychain] [--agent NAME]\n"
           "                         [--timeout SECONDS]\n"
           "       wardenctl declare --from-agent-config FILE [--config-out FILE] [--agent NAME]\n"
           "                         [--timeout SECONDS]\n"
           "\n"
           "Start the stdio MCP server CMD in a sandbox of its own (Warden's image; DIR mounted\n"
           "read-write with --data, read-only with --code, each at its own path; no network),\n"
           "list its tools and print a starter declaration for an agent that uses it as\n"
           "server S: every tool S.TOOL needs a reviewer's approval and each parameter is\n"
           "typed from the tool's JSON Schema (path-like names as paths within --data). It is\n"
           "a start, for a person to tighten; wardenctl check-declaration accepts it as printed.\n"
           "With --url, the server is a Streamable HTTP one at URL (reached directly, no proxy,\n"
           "no redirects), and the declaration lists its destination; --token-from-keychain\n"
           "sends the bearer token kept with wardenctl mcp-token set URL, and the declaration\n"
           "says the server takes it (\"token\": \"keychain\").\n"
           "With --from-agent-config, the servers are those an agent CLI's MCP configuration\n"
           "names (Claude Code's .mcp.json, Claude Desktop's config, Gemini CLI's settings.json,\n"
           "Codex CLI's config.toml): each is listed the same way (its directories guessed from\n"
           "its command line and said on stderr, for a person to confirm), one declaration\n"
           "covers them all, and the configuration rewritten to reach each through warden-mcp\n"
           "goes to --config-out (or stderr).\n"
           "Exit status: 0 printed, 1 the server could not be listed, 2 bad usage.\n";
}

Result<McpListing> DeclareCommand::listTools(const McpServerRule &server, int timeoutSeconds)
{
    McpServerLink *link = nullptr;
    Keychain keychain;
    if (server.url.empty()) {
        auto root = ResourcePaths::imageRoot();
        if (!root)
            return std::unexpected(root.error());
        // Whom the server runs as when wardenctl is root: nobody.
        link = new McpServerProcess(server, McpServerProcess::specFor(server, *root, 65534, 65534));
    } else {
        // The person named the URL: it is reached, at whatever address it has.
        auto *remote = new McpRemoteServer(
            server, [](const std::function<void(bool, std::string)> &answer) { answer(true, {}); },
            McpRemoteServer::Addresses::InternalToo);
        // This person's own keychain: the token they keep for the server.
        if (server.tokenFromKeychain)
            remote->setTokenLookup(McpServerToken::fromKeychain(&keychain, server.origin));
        link = remote;
    }
    McpToolLister lister(server, link, timeoutSeconds * 1000);
    std::optional<Result<McpListing>> listed;
    QEventLoop loop;
    lister.start([&](Result<McpListing> tools) {
        listed = std::move(tools);
        loop.quit();
    });
    if (!listed)
        loop.exec();
    return std::move(*listed);
}

int DeclareCommand::fromAgentConfig(const CliArgs &args, CliContext &ctx)
{
    for (const char *other : {"--name", "--data", "--code", "--url"})
        if (args.value(other))
            return ctx.usageError(std::string(other) + ": --from-agent-config takes the servers from the file");
    if (args.flag("--from-mcp") || !args.positional().empty())
        return ctx.usageError("--from-agent-config takes no command and no --from-mcp");
    auto timeout = args.integer("--timeout", 1, 600, 30);
    if (!timeout)
        return ctx.usageError(timeout.error().message);
    auto config = AgentMcpConfig::read(*args.value("--from-agent-config"));
    if (!config) {
        ctx.printError(config.error());
        return kExitFinding;
    }
    for (const std::string &note : config->notes())
        ctx.err << "declare: " << note << "\n";
    std::vector<std::pair<McpServerRule, McpListing>> servers;
    for (const McpServerRule &server : config->servers()) {
        auto listed = listTools(server, *timeout);
        if (!listed) {
            // Which server, and the line that says why (a missing module, a refused address).
            Error e = listed.error();
            e.message = "server \"" + server.name + "\": " + e.message;
            ctx.printError(e);
            return kExitFinding;
        }
        servers.emplace_back(server, std::move(*listed));
    }
    const std::string agent = args.value("--agent").value_or("agent");
    auto text = StarterDeclaration::fromServers(servers, agent);
    if (!text) {
        ctx.printError(text.error());
        return kExitFinding;
    }
    const std::string rewritten = config->rewritten();
    if (const auto out = args.value("--config-out")) {
        QSaveFile file(QString::fromStdString(*out));
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(rewritten.data(), static_cast<qint64>(rewritten.size())) < 0 || !file.commit()) {
            ctx.printError(Error{*out, 0, {}, "cannot write the rewritten configuration"});
            return kExitFinding;
        }
        ctx.err << "declare: the configuration, each server through warden-mcp, is in " << *out << "\n";
    } else {
        ctx.err << "declare: the configuration, each server through warden-mcp:\n" << rewritten;
    }
    ctx.out << *text;
    return kExitOk;
}

int DeclareCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--name", "--data", "--code", "--agent", "--timeout", "--url",
                                          "--from-agent-config", "--config-out"},
                                         {"--from-mcp", "--token-from-keychain"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->value("--from-agent-config"))
        return fromAgentConfig(*args, ctx);
    if (!args->flag("--from-mcp"))
        return ctx.usageError("declare needs --from-mcp or --from-agent-config FILE");
    McpServerRule server;
    server.name = args->value("--name").value_or("");
    if (!McpServerRule::validName(server.name))
        return ctx.usageError("--name: a server name is 1 to 64 letters, digits, '-' or '_'");
    server.command = args->positional();
    if (const auto url = args->value("--url")) {
        if (!server.command.empty() || args->value("--data") || args->value("--code"))
            return ctx.usageError("--url: a server at a URL has no command and no directories");
        auto atUrl = McpServerRule::atUrl(server.name, *url);
        if (!atUrl)
            return ctx.usageError("--url: an http or https URL without a user name or password");
        server = std::move(*atUrl);
        server.tokenFromKeychain = args->flag("--token-from-keychain");
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
    auto listed = listTools(server, *timeout);
    if (!listed) {
        ctx.printError(listed.error());
        return kExitFinding;
    }
    auto text = StarterDeclaration::fromServers({{server, *listed}}, agent);
    if (!text) {
        ctx.printError(text.error());
        return kExitFinding;
    }
    ctx.out << *text;
    return kExitOk;
}

} // namespace warden
