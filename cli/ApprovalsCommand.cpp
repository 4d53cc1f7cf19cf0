#include "cli/ApprovalsCommand.h"
#include "cli/TerminalText.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include "cli/CliArgs.h"
#include "core/control/ControlServer.h"
#include "core/host/HostClient.h"

#include <QLocalSocket>

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace warden {

namespace {

Result<nlohmann::json> askLocal(const QString &path, const nlohmann::json &request)
{
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(3000))
        return fail("no running warden answers at " + path.toStdString() +
                    " (start the console or wardenctl demo/run first)");
    socket.write(QByteArray::fromStdString(request.dump() + "\n"));
    while (!socket.canReadLine())
        if (!socket.waitForReadyRead(10000))
            return fail("the warden did not answer");
    const QByteArray line = socket.readLine(8 * 1024 * 1024);
    auto response = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                    {.maxBytes = 8 * 1024 * 1024});
    if (!response || !response->is_object())
        return fail("unreadable answer from the warden");
    if (!JsonLookup::booleanOr(*response, "ok", false))
        return fail(TerminalText::printable(JsonLookup::stringOr(*response, "error", "refused")));
    return std::move(*response);
}

Result<nlohmann::json> askHost(const HostEndpoint &endpoint, const nlohmann::json &request)
{
    auto response = HostClient::call(endpoint, request);
    if (!response)
        return response;
    if (!response->value("ok", false))
        return fail(response->value("error", std::string("refused")));
    return response;
}

std::string reviewerName()
{
    if (const char *user = std::getenv("USER"); user && *user)
        return user;
    if (const passwd *pw = ::getpwuid(::getuid()))
        return pw->pw_name;
    return "uid " + std::to_string(::getuid());
}

} // namespace

const char *ApprovalsCommand::help()
{
    return "usage: wardenctl approvals list [--json]\n"
           "       wardenctl approvals approve ID [--for-run]\n"
           "       wardenctl approvals deny ID --reason TEXT\n"
           "\n"
           "Act on the pending privileged requests of a running warden (the console,\n"
           "or wardenctl demo/run/serve) through its control socket (--socket PATH), or\n"
           "of a remote Warden host with --host wardens://HOST:PORT (token from\n"
           "WARDEN_HOST_TOKEN or --token-file).\n"
           "--for-run approves the same tool with the same parameters for the rest of\n"
           "the run. A denial needs a reason: the agent is told it.\n";
}

int ApprovalsCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(
        argList, {{"--reason", "--socket", "--reviewer", "--host", "--token-file"}, {"--for-run", "--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &pos = args->positional();
    const QString socket =
        QString::fromStdString(args->value("--socket").value_or(ControlServer::defaultPath().toStdString()));
    std::optional<HostEndpoint> remote;
    if (auto host = args->value("--host")) {
        auto endpoint = HostEndpoint::fromCommandLine(*host, args->value("--token-file").value_or(""));
        if (!endpoint)
            return ctx.usageError(endpoint.error().toString());
        remote = *endpoint;
    }
    auto ask = [&](const nlohmann::json &request) {
        return remote ? askHost(*remote, request) : askLocal(socket, request);
    };
    if (pos.empty())
        return ctx.usageError("approvals takes list, approve or deny");
    if (pos[0] == "list" && pos.size() == 1) {
        auto r = ask({{"op", "list"}});
        if (!r) {
            ctx.err << "wardenctl: " << r.error().message << '\n';
            return kExitBadInput;
        }
        // A host's answer and an agent's words: read without throwing,
        // printed escaped.
        const nlohmann::json pending = JsonLookup::arrayOr(*r, "pending");
        if (args->flag("--json")) {
            ctx.out << pending.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return kExitOk;
        }
        if (pending.empty())
            ctx.out << "no pending requests\n";
        for (const auto &p : pending) {
            const auto field = [&](const char *key) { return TerminalText::printable(JsonLookup::stringOr(p, key)); };
            ctx.out << ctx.style.bold(field("id")) << "  " << field("agent") << "  " << field("tool") << ' '
                    << TerminalText::printable(JsonLookup::objectOr(p, "params")
                                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
                    << "\n      why: " << field("justification") << "\n      rule: " << field("rule")
                    << "   deadline: " << field("deadline") << '\n';
            if (const std::string described = field("tool_description"); !described.empty())
                ctx.out << "      the server says: " << described.substr(0, 300) << '\n';
        }
        return kExitOk;
    }
    if ((pos[0] == "approve" || pos[0] == "deny") && pos.size() == 2) {
        const bool approve = pos[0] == "approve";
        if (!approve && !args->value("--reason"))
            return ctx.usageError("deny needs --reason: the agent is told why");
        nlohmann::json request = {
            {"op", "decide"},
            {"id", pos[1]},
            {"verdict", approve ? (args->flag("--for-run") ? "approve_for_run" : "approve") : "reject"},
            {"reviewer", args->value("--reviewer").value_or(reviewerName())},
            {"reason", args->value("--reason").value_or("")}};
        auto r = ask(request);
        if (!r) {
            ctx.err << "wardenctl: " << r.error().message << '\n';
            return kExitFinding;
        }
        ctx.out << pos[1] << ": "
                << TerminalText::printable(JsonLookup::stringOr(JsonLookup::objectOr(*r, "request"), "state")) << '\n';
        return kExitOk;
    }
    return ctx.usageError("approvals takes list, approve ID or deny ID --reason TEXT");
}

} // namespace warden
