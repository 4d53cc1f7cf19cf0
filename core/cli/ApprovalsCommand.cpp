#include "cli/ApprovalsCommand.h"

#include "cli/CliArgs.h"
#include "control/ControlServer.h"
#include "host/HostClient.h"

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
    auto response = nlohmann::json::parse(socket.readLine().toStdString(), nullptr, false);
    if (!response.is_object())
        return fail("unreadable answer from the warden");
    if (!response.value("ok", false))
        return fail(response.value("error", std::string("refused")));
    return response;
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
    auto args = CliArgs::parse(argList, {{"--reason", "--socket", "--reviewer", "--host", "--token-file"}, {"--for-run", "--json"}});
    if (!args)
        return ctx.usageError(args.error().message);
    const auto &pos = args->positional();
    const QString socket = QString::fromStdString(args->value("--socket").value_or(ControlServer::defaultPath().toStdString()));
    std::optional<HostEndpoint> remote;
    if (auto host = args->value("--host")) {
        auto endpoint = HostEndpoint::fromCommandLine(*host, args->value("--token-file").value_or(""));
        if (!endpoint)
            return ctx.usageError(endpoint.error().toString());
        remote = *endpoint;
    }
    auto ask = [&](const nlohmann::json &request) { return remote ? askHost(*remote, request) : askLocal(socket, request); };
    if (pos.empty())
        return ctx.usageError("approvals takes list, approve or deny");
    if (pos[0] == "list" && pos.size() == 1) {
        auto r = ask({{"op", "list"}});
        if (!r) {
            ctx.err << "wardenctl: " << r.error().message << '\n';
            return kExitBadInput;
        }
        if (args->flag("--json")) {
            ctx.out << r->at("pending").dump(2) << '\n';
            return kExitOk;
        }
        if (r->at("pending").empty())
            ctx.out << "no pending requests\n";
        for (const auto &p : r->at("pending"))
            ctx.out << ctx.style.bold(p.at("id").get<std::string>()) << "  " << p.at("agent").get<std::string>() << "  "
                    << p.at("tool").get<std::string>() << ' ' << p.at("params").dump() << "\n      why: "
                    << p.at("justification").get<std::string>() << "\n      rule: " << p.at("rule").get<std::string>()
                    << "   deadline: " << p.at("deadline").get<std::string>() << '\n';
        return kExitOk;
    }
    if ((pos[0] == "approve" || pos[0] == "deny") && pos.size() == 2) {
        const bool approve = pos[0] == "approve";
        if (!approve && !args->value("--reason"))
            return ctx.usageError("deny needs --reason: the agent is told why");
        nlohmann::json request = {{"op", "decide"},
                                  {"id", pos[1]},
                                  {"verdict", approve ? (args->flag("--for-run") ? "approve_for_run" : "approve") : "reject"},
                                  {"reviewer", args->value("--reviewer").value_or(reviewerName())},
                                  {"reason", args->value("--reason").value_or("")}};
        auto r = ask(request);
        if (!r) {
            ctx.err << "wardenctl: " << r.error().message << '\n';
            return kExitFinding;
        }
        ctx.out << pos[1] << ": " << r->at("request").at("state").get<std::string>() << '\n';
        return kExitOk;
    }
    return ctx.usageError("approvals takes list, approve ID or deny ID --reason TEXT");
}

} // namespace warden
