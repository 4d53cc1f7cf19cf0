#include "core/control/ControlServer.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace warden {

ControlServer::ControlServer(ApprovalQueue &queue, QObject *parent)
    : QObject(parent), m_queue(queue), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *s = m_server->nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QLocalSocket::readyRead, s, [this, s] {
                while (s->canReadLine()) {
                    const QByteArray line = s->readLine(kMaxLine);
                    s->write(QByteArray::fromStdString(
                        answer(m_queue, line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
                }
                if (s->bytesAvailable() > kMaxLine)
                    s->abort();
            });
        }
    });
}

QString ControlServer::defaultPath()
{
    QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (runtime.isEmpty())
        runtime = QDir::tempPath();
    return runtime + QStringLiteral("/warden-control.sock");
}

Result<void> ControlServer::listen(const QString &path)
{
    // Another warden answering here keeps its socket: removing it would
    // silently take over its reviewers' approvals.
    QLocalSocket probe;
    probe.connectToServer(path);
    if (probe.waitForConnected(200))
        return fail("another warden already serves approvals on this socket", {}, 0, path.toStdString());
    QLocalServer::removeServer(path); // a stale socket from a warden that died
    if (!m_server->listen(path))
        return fail("cannot open the control socket: " + m_server->errorString().toStdString(), {}, 0,
                    path.toStdString());
    return {};
}

nlohmann::json ControlServer::answer(ApprovalQueue &queue, const QByteArray &line)
{
    auto request = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                   {.maxBytes = static_cast<std::size_t>(kMaxLine)});
    if (!request)
        return {{"ok", false}, {"error", "the request is " + request.error().message}};
    if (!request->is_object())
        return {{"ok", false}, {"error", "not a JSON object"}};
    try {
        return handle(queue, *request);
    } catch (const std::exception &e) {
        // Exception firewall: a bug refuses one request; it never ends the warden.
        return {{"ok", false}, {"error", std::string("internal error: ") + e.what()}};
    }
}

nlohmann::json ControlServer::handle(ApprovalQueue &queue, const nlohmann::json &request)
{
    const auto refused = [](const Error &e) {
        return nlohmann::json{{"ok", false}, {"error", e.field + ": " + e.message}};
    };
    auto op = JsonLookup::requiredString(request, "op", 32);
    if (!op)
        return refused(op.error());
    if (*op == "list") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &r : queue.pending())
            list.push_back(r.toJson());
        return {{"ok", true}, {"pending", list}};
    }
    if (*op == "decide") {
        auto id = JsonLookup::requiredString(request, "id", 128);
        auto verdict = JsonLookup::requiredString(request, "verdict", 32);
        auto reviewer = JsonLookup::optionalString(request, "reviewer", 256);
        auto reason = JsonLookup::optionalString(request, "reason", 4096);
        for (const Error *e : {id ? nullptr : &id.error(), verdict ? nullptr : &verdict.error(),
                               reviewer ? nullptr : &reviewer.error(), reason ? nullptr : &reason.error()})
            if (e)
                return refused(*e);
        ApprovalQueue::Choice v;
        if (*verdict == "approve")
            v = ApprovalQueue::Choice::Approve;
        else if (*verdict == "approve_for_run")
            v = ApprovalQueue::Choice::ApproveForRun;
        else if (*verdict == "reject")
            v = ApprovalQueue::Choice::Reject;
        else
            return {{"ok", false}, {"error", "verdict must be approve, approve_for_run or reject"}};
        auto decided = queue.decide(*id, v, reviewer->value_or(""), reason->value_or(""));
        if (!decided)
            return {{"ok", false}, {"error", decided.error().message}};
        return {{"ok", true}, {"request", decided->toJson()}};
    }
    return {{"ok", false}, {"error", "unknown op \"" + *op + "\""}};
}

} // namespace warden
