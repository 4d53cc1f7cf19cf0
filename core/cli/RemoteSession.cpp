#include "cli/RemoteSession.h"

#include "cli/ApprovalPrompt.h"
#include "cli/LivePrinter.h"
#include "host/HostClient.h"

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
                client.send({{"op", "decide"}, {"id", id}, {"verdict", verdict}, {"reviewer", "terminal"},
                             {"reason", reason}});
            });

    QObject::connect(&client, &HostClient::ready, &loop, [&](const nlohmann::json &info) {
        if (!json)
            ctx.out << ctx.style.dim("connected to " + endpoint.url() + " (" + info.value("host", std::string()) +
                                     ", warden " + info.value("version", std::string()) + ")")
                    << std::endl;
        client.send(request);
    });
    QObject::connect(&client, &HostClient::message, &loop, [&](const nlohmann::json &m) {
        const std::string event = m.value("event", std::string());
        if (event.empty() && !runId.empty()) { // the answer to a decision typed here
            if (!m.value("ok", false) && !json)
                ctx.out << ctx.style.red("  " + m.value("error", std::string("the host refused the decision"))) << std::endl;
            return;
        }
        if (event.empty()) { // the answer to the run request
            if (!m.value("ok", false)) {
                error = m.value("error", std::string("the host refused the run"));
                loop.quit();
                return;
            }
            runId = m.value("run", std::string());
            agent = m.value("agent", std::string());
            if (!json)
                ctx.out << ctx.style.dim("run " + runId + " of " + agent + " on " + endpoint.url()) << std::endl;
        } else if (event == "action") {
            verdicts.push_back(m.value("verdict", nlohmann::json::object()));
            if (!json)
                printer.action(m.value("action", nlohmann::json::object()), verdicts.back());
        } else if (json) {
            // Only the verdicts and the end go into the JSON document.
        } else if (event == "state") {
            printer.state(m.value("state", std::string()), m.value("detail", std::string()));
        } else if (event == "output") {
            printer.output(m.value("line", std::string()));
        } else if (event == "approval") {
            const auto r = m.value("request", nlohmann::json::object());
            printer.approvalNeeded(r, m.value("judgement", nlohmann::json::object()));
            if (asker && !asker->busy())
                asker->ask(r.value("id", std::string()));
            else
                ctx.out << "    decide with: wardenctl approvals --host " << endpoint.url() << " approve "
                        << r.value("id", std::string()) << std::endl;
        } else if (event == "resolved") {
            const auto r = m.value("request", nlohmann::json::object());
            if (asker)
                asker->forget(r.value("id", std::string()));
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
        ctx.err << "wardenctl: " << (error.empty() ? "the run did not end" : error) << '\n';
        return kExitBadInput;
    }
    const auto judgement = end.value("judgement", nlohmann::json::object());
    const std::string state = end.value("state", std::string());
    const std::string detail = end.value("detail", std::string());
    if (json) {
        nlohmann::json doc = {{"run", runId},       {"agent", agent},      {"host", endpoint.url()},
                              {"state", state},     {"detail", detail},    {"actions", verdicts},
                              {"judgement", judgement}};
        ctx.out << doc.dump(2) << '\n';
    } else {
        printer.judgement(judgement, runId, state, detail);
    }
    return state == "failed" && verdicts.empty() ? kExitBadInput : kExitOk;
}

} // namespace warden
