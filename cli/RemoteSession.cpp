#include "cli/RemoteSession.h"
#include "cli/TerminalText.h"
#include "core/json/JsonLookup.h"

#include "cli/ApprovalPrompt.h"
#include "cli/LivePrinter.h"
#include "core/host/HostClient.h"

#include <QEventLoop>

#include <memory>

namespace warden {

int RemoteSession::run(const HostEndpoint &endpoint, nlohmann::json request, bool json, bool prompt, CliContext &ctx)
{
    request["op"] = "run";
    HostClient client(endpoint);
    LivePrinter printer(ctx);
    QEventLoop loop;
    nlohmann::json verdicts = nlohmann::json::array();
    nlohmann::json end;
    std::string runId;
    std::string agent;
    std::string error;
    // Decisions typed here travel on the run's own connection.
    std::unique_ptr<ApprovalPrompt> asker;
    if (prompt)
        asker = std::make_unique<ApprovalPrompt>(
            ctx, [&](const std::string &id, const std::string &verdict, const std::string &reason) {
                client.send(
                    {{"op", "decide"}, {"id", id}, {"verdict", verdict}, {"reviewer", "terminal"}, {"reason", reason}});
            });

    QObject::connect(&client, &HostClient::ready, &loop, [&](const nlohmann::json &info) {
        if (!json)
            ctx.out << ctx.style.dim("connected to " + endpoint.url() + " (" +
                                     TerminalText::printable(JsonLookup::stringOr(info, "host")) + ", warden " +
                                     TerminalText::printable(JsonLookup::stringOr(info, "version")) + ") as " +
                                     TerminalText::printable(
                                         JsonLookup::stringOr(JsonLookup::objectOr(info, "you"), "name", "?")))
                    << std::endl;
        client.send(request);
    });
    QObject::connect(&client, &HostClient::message, &loop, [&](const nlohmann::json &m) {
        const std::string event = JsonLookup::stringOr(m, "event");
        if (event.empty() && !runId.empty()) { // the answer to a decision typed here
            if (!JsonLookup::booleanOr(m, "ok", false) && !json)
                ctx.out << ctx.style.red("  " + TerminalText::printable(
                                                    JsonLookup::stringOr(m, "error", "the host refused the decision")))
                        << std::endl;
            return;
        }
        if (event.empty()) { // the answer to the run request
            if (!JsonLookup::booleanOr(m, "ok", false)) {
                error = JsonLookup::stringOr(m, "error", "the host refused the run");
                loop.quit();
                return;
            }
            runId = JsonLookup::stringOr(m, "run");
            agent = JsonLookup::stringOr(m, "agent");
            if (!json)
                ctx.out << ctx.style.dim("run " + TerminalText::printable(runId) + " of " +
                                         TerminalText::printable(agent) + " on " + endpoint.url())
                        << std::endl;
        } else if (event == "action") {
            verdicts.push_back(JsonLookup::objectOr(m, "verdict"));
            if (!json)
                printer.action(JsonLookup::objectOr(m, "action"), verdicts.back());
        } else if (json) {
            // Only the verdicts and the end go into the JSON document.
        } else if (event == "state") {
            printer.state(JsonLookup::stringOr(m, "state"), JsonLookup::stringOr(m, "detail"));
        } else if (event == "output") {
            printer.output(JsonLookup::stringOr(m, "line"));
        } else if (event == "approval") {
            const auto r = JsonLookup::objectOr(m, "request");
            printer.approvalNeeded(r, JsonLookup::objectOr(m, "judgement"));
            if (asker && !asker->busy())
                asker->ask(JsonLookup::stringOr(r, "id"));
            else
                ctx.out << "    decide with: wardenctl approvals --host " << endpoint.url() << " approve "
                        << TerminalText::printable(JsonLookup::stringOr(r, "id")) << std::endl;
        } else if (event == "resolved") {
            const auto r = JsonLookup::objectOr(m, "request");
            if (asker)
                asker->forget(JsonLookup::stringOr(r, "id"));
            printer.approvalResolved(r);
        }
        if (event == "end") {
            end = m;
            loop.quit();
        }
    });
    QObject::connect(&client, &HostClient::failed, &loop, [&](const QString &why) {
        error = why.toStdString();
        loop.quit();
    });
    QObject::connect(&client, &HostClient::closed, &loop, [&] {
        if (end.is_null() && error.empty())
            error = "the host closed the connection before the run ended";
        loop.quit();
    });
    client.open();
    loop.exec();
    client.close();

    if (end.is_null()) {
        ctx.err << "wardenctl: " << (error.empty() ? "the run did not end" : TerminalText::printable(error)) << '\n';
        return kExitBadInput;
    }
    const auto judgement = JsonLookup::objectOr(end, "judgement");
    const std::string state = JsonLookup::stringOr(end, "state");
    const std::string detail = JsonLookup::stringOr(end, "detail");
    if (json) {
        nlohmann::json doc = {{"run", runId},     {"agent", agent},      {"host", endpoint.url()}, {"state", state},
                              {"detail", detail}, {"actions", verdicts}, {"judgement", judgement}};
        ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        printer.judgement(judgement, verdicts.size(), runId, state, detail);
    }
    return state == "failed" && verdicts.empty() ? kExitBadInput : kExitOk;
}

} // namespace warden
