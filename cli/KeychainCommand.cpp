#include "cli/KeychainCommand.h"

#include "cli/CliArgs.h"
#include "core/mcp/McpServerToken.h"
#include "core/policy/Declaration.h"
#include "core/secrets/Keychain.h"

#include <QEventLoop>

#include <iostream>
#include <optional>

namespace warden {

const char *KeychainCommand::help()
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

const char *KeychainCommand::modelKeyHelp()
{
    return "usage: wardenctl model-key set URL      (the key on standard input)\n"
           "       wardenctl model-key remove URL\n"
           "       wardenctl model-key check URL\n"
           "\n"
           "Keep a model provider's API key in this user's OS keychain, under the origin\n"
           "(scheme://host:port) of the provider's URL. The model door sends it to that\n"
           "provider when a declaration's \"models\" name it with \"key\": \"keychain\", or with\n"
           "\"env:VAR\" and VAR is not in the warden's environment: never into the sandbox\n"
           "(the agent holds a stand-in, a canary), never to the record. check says whether\n"
           "one is kept, never what it is.\n"
           "\n"
           "Exit status: 0 done, 1 the keychain refused (or, for check, holds none), 2 bad usage.\n";
}

int KeychainCommand::runModelKey(const std::vector<std::string> &args, CliContext &ctx)
{
    return runWithInput(args, std::cin, ctx, Kind::ModelKey);
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

int KeychainCommand::run(const std::vector<std::string> &args, CliContext &ctx)
{
    return runWithInput(args, std::cin, ctx);
}

int KeychainCommand::runWithInput(const std::vector<std::string> &argList, std::istream &in, CliContext &ctx, Kind kind)
{
    const bool modelKey = kind == Kind::ModelKey;
    const char *what = modelKey ? "key" : "token";
    auto args = CliArgs::parse(argList, {{}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &positional = args->positional();
    if (positional.size() != 2 || (positional[0] != "set" && positional[0] != "remove" && positional[0] != "check"))
        return ctx.usageError(modelKey ? "model-key takes set, remove or check, and the provider's URL"
                                       : "mcp-token takes set, remove or check, and the server's URL");
    std::string why;
    const auto origin = originOf(positional[1], why);
    if (!origin)
        return ctx.usageError(why);
    const QString key = modelKey ? Keychain::modelKeyKey(*origin) : Keychain::mcpServerKey(*origin);
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
            return ctx.usageError(std::string("the ") + what +
                                  " on standard input must be one line of 1 to 8192 visible ASCII characters");
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
            problem = token ? QString() : (error.isEmpty() ? QStringLiteral("none kept") : error);
            loop.quit();
        });
    }
    if (!problem)
        loop.exec();
    if (!problem->isEmpty()) {
        ctx.err << "wardenctl: the keychain "
                << (action == "check" ? std::string("holds no ") + what + " for " : std::string("refused, for "))
                << *origin << ": " << TerminalText::printable(problem->toStdString()) << '\n';
        return kExitFinding;
    }
    ctx.out << (action == "set"      ? "kept the "
                : action == "remove" ? "removed the "
                                     : "the keychain holds a ")
            << what << " for " << *origin << '\n';
    return kExitOk;
}

} // namespace warden
