#include "cli/McpTokenCommand.h"

#include "cli/CliArgs.h"
#include "core/mcp/McpServerToken.h"
#include "core/policy/Declaration.h"
#include "core/secrets/Keychain.h"

#include <QEventLoop>

#include <iostream>
#include <optional>

namespace warden {

const char *McpTokenCommand::help()
{
    return "usage: wardenctl mcp-token set URL      (the token on standard input)\n"
           "       wardenctl mcp-token remove URL\n"
           "       wardenctl mcp-token check URL\n"
           "\n"
           "Keep the bearer token of an MCP server at URL in this user's OS keychain. A\n"
           "declaration asks for it with \"token\": \"keychain\" on that server; the warden\n"
           "then sends it to the server's origin (scheme://host:port) and nowhere else:\n"
           "never into the sandbox, never to the record. check says whether one is kept,\n"
           "never what it is.\n"
           "\n"
           "Exit status: 0 done, 1 the keychain refused (or, for check, holds none), 2 bad usage.\n";
}

namespace {

// scheme://host:port of an http(s) URL, as the declaration parser makes it.
std::optional<std::string> originOf(const std::string &text, std::string &why)
{
    auto server = McpServerRule::atUrl("token", text);
    if (!server) {
        why = "\"" + text + "\" is not an http or https URL without a user name or password";
        return std::nullopt;
    }
    return server->origin;
}

} // namespace

int McpTokenCommand::run(const std::vector<std::string> &args, CliContext &ctx)
{
    return runWithInput(args, std::cin, ctx);
}

int McpTokenCommand::runWithInput(const std::vector<std::string> &argList, std::istream &in, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &positional = args->positional();
    if (positional.size() != 2 || (positional[0] != "set" && positional[0] != "remove" && positional[0] != "check"))
        return ctx.usageError("mcp-token takes set, remove or check, and the server's URL");
    std::string why;
    const auto origin = originOf(positional[1], why);
    if (!origin)
        return ctx.usageError(why);
    const QString key = Keychain::mcpServerKey(*origin);
    Keychain keychain;
    QEventLoop loop;
    std::optional<QString> problem; // set when the keychain has answered
    const std::string &action = positional[0];
    if (action == "set") {
        std::string token;
        std::getline(in, token);
        if (!token.empty() && token.back() == '\r')
            token.pop_back();
        // What a header can carry, and nothing a header could be split by.
        if (!McpServerToken::acceptable(token))
            return ctx.usageError("the token on standard input must be one line of 1 to 8192 visible ASCII "
                                  "characters");
        keychain.store(key, QString::fromStdString(token), [&](const QString &error) {
            problem = error;
            loop.quit();
        });
    } else if (action == "remove") {
        keychain.remove(key, [&](const QString &error) {
            problem = error;
            loop.quit();
        });
    } else {
        keychain.load(key, [&](const std::optional<QString> &token, const QString &error) {
            problem = token ? QString() : (error.isEmpty() ? QStringLiteral("no token") : error);
            loop.quit();
        });
    }
    if (!problem)
        loop.exec();
    if (!problem->isEmpty()) {
        ctx.err << "wardenctl: the keychain " << (action == "check" ? "holds no token for " : "refused, for ")
                << *origin << ": " << TerminalText::printable(problem->toStdString()) << '\n';
        return kExitFinding;
    }
    ctx.out << (action == "set"      ? "kept the token for "
                : action == "remove" ? "removed the token for "
                                     : "the keychain holds a token for ")
            << *origin << '\n';
    return kExitOk;
}

} // namespace warden
