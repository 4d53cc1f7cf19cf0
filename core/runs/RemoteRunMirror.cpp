#include "core/runs/RemoteRunMirror.h"
#include "core/json/JsonLookup.h"

#include "core/common/AsyncJob.h"
#include "core/host/HostClient.h"
#include "core/policy/Declaration.h"
#include "core/policy/StoredVerdict.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/trace/Action.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cctype>
#include <optional>

namespace warden {

namespace {

bool plausibleRunId(const std::string &id)
{
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

// The host's judgement as this console will store and show it: the fields
// it knows, each of the right type, or nothing.
std::optional<nlohmann::json> checkedJudgement(const nlohmann::json &j)
{
    if (!j.is_object())
        return std::nullopt;
    const auto label = j.find("label");
    const auto confidence = j.find("confidence");
    const auto summary = j.find("summary");
    const auto evidence = j.find("evidence");
    if (label == j.end() || !label->is_string() || confidence == j.end() || !confidence->is_number() ||
        summary == j.end() || !summary->is_string() || evidence == j.end() || !evidence->is_array())
        return std::nullopt;
    const std::string l = label->get<std::string>();
    const double c = confidence->get<double>();
    if ((l != "benign" && l != "suspicious" && l != "malicious") || !(c >= 0.0 && c <= 1.0))
        return std::nullopt;
    for (const auto &seq : *evidence)
        if (!seq.is_number_integer())
            return std::nullopt;
    nlohmann::json out = {{"label", l},
                          {"confidence", c},
                          {"summary", *summary},
                          {"evidence", *evidence},
                          {"findings", nlohmann::json::array()},
                          {"source", "rules"}};
    if (auto findings = j.find("findings"); findings != j.end() && findings->is_array())
        for (const auto &f : *findings)
            if (f.is_object() && f.value("rule", nlohmann::json()).is_string() &&
                f.value("summary", nlohmann::json()).is_string())
                out["findings"].push_back(
                    {{"rule", f.at("rule")},
                     {"label", f.value("label", nlohmann::json()).is_string() ? f.at("label") : nlohmann::json("")},
                     {"confidence",
                      f.value("confidence", nlohmann::json()).is_number() ? f.at("confidence") : nlohmann::json(0)},
                     {"summary", f.at("summary")},
                     {"evidence",
                      f.value("evidence", nlohmann::json()).is_array() ? f.at("evidence") : nlohmann::json::array()}});
    if (auto source = j.find("source"); source != j.end() && source->is_string())
        out["source"] = *source;
    return out;
}

std::string text(const nlohmann::json &object, const char *key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

RemoteRunMirror::RemoteRunMirror(RunSupervisor &local, QObject *parent) : QObject(parent), m_local(local) {}

RemoteRunMirror::~RemoteRunMirror() = default;

void RemoteRunMirror::start(const HostEndpoint &endpoint, nlohmann::json request)
{
    if (!m_local.store()) {
        Q_EMIT failed(tr("the audit store is not open yet"));
        return;
    }
    request["op"] = "run";
    auto *client = new HostClient(endpoint, this);
    m_runs[client] = Remote{endpoint, {}, {}, 0, false};
    connect(client, &HostClient::ready, this, [client, request](const nlohmann::json &) { client->send(request); });
    connect(client, &HostClient::message, this, [this, client](const nlohmann::json &m) { onMessage(client, m); });
    connect(client, &HostClient::failed, this, [this, client](const QString &why) { onLost(client, why); });
    connect(client, &HostClient::closed, this,
            [this, client] { onLost(client, tr("the host closed the connection")); });
    client->open();
}

QString RemoteRunMirror::judgementOf(const QString &runId) const
{
    auto it = m_judgements.find(runId.toStdString());
    if (it == m_judgements.end())
        return {};
    const nlohmann::json &j = it->second; // checked: label, confidence and summary have their types
    return tr("%1 (%2): %3")
        .arg(QString::fromStdString(text(j, "label")))
        .arg(j.at("confidence").get<double>(), 0, 'f', 2)
        .arg(QString::fromStdString(text(j, "summary")));
}

std::shared_ptr<const Declaration> RemoteRunMirror::declarationOf(const QString &runId) const
{
    auto it = m_declarations.find(runId.toStdString());
    return it == m_declarations.end() ? nullptr : it->second;
}

void RemoteRunMirror::record(std::vector<AuditRecord> records, std::function<void()> then)
{
    QPointer<RemoteRunMirror> self(this);
    m_local.store()->append(std::move(records), [self, then = std::move(then)](Result<std::int64_t> result) {
        const QString error = result ? QString() : QString::fromStdString(result.error().toString());
        QMetaObject::invokeMethod(
            self.data(),
            [self, then, error] {
                if (!self)
                    return;
                if (!error.isEmpty()) {
                    Q_EMIT self->failed(self->tr("the audit store failed: %1").arg(error));
                    return;
                }
                if (then)
                    then();
            },
            Qt::QueuedConnection);
    });
}

void RemoteRunMirror::onMessage(HostClient *client, const nlohmann::json &m)
{
    auto found = m_runs.find(client);
    if (found == m_runs.end() || found->second.ended)
        return;
    Remote &r = found->second;
    const QString runId = QString::fromStdString(r.runId);
    const std::string event = text(m, "event");
    if (event.empty()) { // the answer to the run request
        if (!r.runId.empty())
            return;
        if (!JsonLookup::booleanOr(m, "ok", false)) {
            Q_EMIT failed(tr("%1 refused the run: %2")
                              .arg(QString::fromStdString(r.endpoint.url()), QString::fromStdString(text(m, "error"))));
            end(client, {}, {});
            return;
        }
        const std::string id = text(m, "run");
        auto declaration = Declaration::parse(text(m, "declaration"), "declaration from " + r.endpoint.url());
        if (!plausibleRunId(id) || !declaration) {
            Q_EMIT failed(
                tr("%1 answered with a run this console cannot record: %2")
                    .arg(QString::fromStdString(r.endpoint.url()),
                         declaration ? tr("bad run id") : QString::fromStdString(declaration.error().toString())));
            end(client, {}, {});
            return;
        }
        r.runId = id;
        m_declarations[id] = std::make_shared<const Declaration>(*declaration);
        const std::string url = r.endpoint.url();
        const QString agent = QString::fromStdString(declaration->agent);
        record({RunRecords::runStarted(id, *declaration, "remote:" + url, url),
                RunRecords::runState(id, "starting", "on " + url)},
               [this, id, agent] { Q_EMIT runStarted(QString::fromStdString(id), agent); });
        return;
    }
    if (r.runId.empty())
        return; // events before the run was accepted: nothing to attach them to
    if (event == "state") {
        const std::string state = text(m, "state");
        const QString detail = QString::fromStdString(text(m, "detail"));
        if (state == "running")
            record({RunRecords::runState(r.runId, state, detail.toStdString())},
                   [this, runId, detail] { Q_EMIT runStateChanged(runId, QStringLiteral("running"), detail); });
        return;
    }
    if (event == "action") {
        auto action = Action::fromJson(m.value("action", nlohmann::json()));
        auto verdict = StoredVerdict::fromJson(m.value("verdict", nlohmann::json()));
        const auto checked = checkedJudgement(m.value("judgement", nlohmann::json()));
        if (!action || !verdict || !checked || action->seq <= r.lastSeq) {
            Q_EMIT failed(tr("%1 sent an action this console cannot record; it was left out")
                              .arg(QString::fromStdString(r.endpoint.url())));
            return;
        }
        r.lastSeq = action->seq;
        const nlohmann::json verdictJson = verdict->toJson(action->seq, actionKindName(action->kind));
        const nlohmann::json &judgement = *checked;
        std::vector<AuditRecord> records = {RunRecords::mirrored(r.runId, "action", action->seq, action->toJson()),
                                            RunRecords::mirrored(r.runId, "verdict", action->seq, verdictJson)};
        m_judgements[r.runId] = judgement;
        if (const std::string dumped = judgement.dump(); dumped != r.lastJudgement) {
            r.lastJudgement = dumped;
            records.push_back(RunRecords::mirrored(r.runId, "judgement", action->seq, judgement));
        }
        record(std::move(records),
               [this, runId, a = *action, v = *verdict, judgement] { Q_EMIT actionArrived(runId, a, v, judgement); });
        return;
    }
    if (event == "approval") {
        onApproval(r, m.value("request", nlohmann::json()));
        return;
    }
    if (event == "resolved") {
        onResolved(r, m.value("request", nlohmann::json()));
        return;
    }
    if (event == "end") {
        if (const auto judgement = checkedJudgement(m.value("judgement", nlohmann::json()));
            judgement && judgement->dump() != r.lastJudgement)
            record({RunRecords::mirrored(r.runId, "judgement", r.lastSeq, *judgement)}, {});
        std::string state = text(m, "state");
        if (state != "finished" && state != "killed" && state != "failed")
            state = "failed";
        end(client, state, text(m, "detail"));
    }
}

void RemoteRunMirror::onApproval(Remote &r, const nlohmann::json &json)
{
    auto request = ApprovalRequest::fromJson(json);
    if (!request || request->runId != r.runId || request->state != ApprovalState::Pending) {
        Q_EMIT failed(
            tr("%1 sent an approval request this console cannot show").arg(QString::fromStdString(r.endpoint.url())));
        return;
    }
    const HostEndpoint endpoint = r.endpoint;
    record({RunRecords::approval(*request)}, [this, request = *request, endpoint] {
        QPointer<RemoteRunMirror> self(this);
        m_local.approvals().submit(request, [self, endpoint](const ApprovalRequest &decided) {
            if (!self)
                return;
            self->record({RunRecords::approval(decided)}, {});
            // Closed on the host, or expired (the host expires it at the same deadline): nothing to send.
            if (self->m_settled.erase(decided.id) || decided.state == ApprovalState::Expired)
                return;
            const nlohmann::json body = {{"op", "decide"},
                                         {"id", decided.id},
                                         {"verdict", decided.state == ApprovalState::Rejected ? "reject"
                                                     : decided.forRun                         ? "approve_for_run"
                                                                                              : "approve"},
                                         {"reviewer", decided.reviewer},
                                         {"reason", decided.reason}};
            runAsync(
                self.data(), [endpoint, body] { return HostClient::call(endpoint, body); },
                [self, id = decided.id](Result<nlohmann::json> answer) {
                    if (!answer || !answer->value("ok", false))
                        Q_EMIT self->failed(self->tr("the host did not take the decision on %1: %2")
                                                .arg(QString::fromStdString(id),
                                                     answer ? QString::fromStdString(text(*answer, "error"))
                                                            : QString::fromStdString(answer.error().message)));
                });
        });
    });
}

void RemoteRunMirror::onResolved(Remote &r, const nlohmann::json &json)
{
    auto request = ApprovalRequest::fromJson(json);
    if (!request || request->runId != r.runId || request->state == ApprovalState::Pending)
        return;
    // Decided on the host (or there by someone else): close the card here without sending anything back.
    if (!m_local.approvals().isPending(request->id))
        return;
    m_settled.insert(request->id);
    const std::string by = request->reviewer.empty() ? std::string() : request->reviewer + " on " + r.endpoint.url();
    m_local.approvals().settle(request->id, request->state, by, request->reason, request->forRun);
}

void RemoteRunMirror::onLost(HostClient *client, const QString &why)
{
    auto found = m_runs.find(client);
    if (found == m_runs.end() || found->second.ended)
        return;
    if (found->second.runId.empty()) {
        Q_EMIT failed(why);
        end(client, {}, {});
        return;
    }
    // Fail closed: the host kills a run whose client is gone.
    end(client, "failed",
        tr("lost the connection to %1: %2; the host stops the run")
            .arg(QString::fromStdString(found->second.endpoint.url()), why)
            .toStdString());
}

void RemoteRunMirror::end(HostClient *client, const std::string &state, const std::string &detail)
{
    auto found = m_runs.find(client);
    if (found == m_runs.end() || found->second.ended)
        return;
    found->second.ended = true;
    const std::string runId = found->second.runId;
    client->close();
    // Not while the client is still delivering this very signal.
    QTimer::singleShot(0, this, [this, client] {
        m_runs.erase(client);
        client->deleteLater();
    });
    if (runId.empty())
        return;
    m_judgements.erase(runId);
    m_declarations.erase(runId);
    record({RunRecords::runState(runId, state, detail)}, [this, runId, state, detail] {
        m_local.approvals().expireRun(runId, "the run ended before a decision");
        Q_EMIT runEnded(QString::fromStdString(runId), QString::fromStdString(state), QString::fromStdString(detail));
    });
}

} // namespace warden
