#include "control/ControlServer.h"

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
                    const QByteArray line = s->readLine(64 * 1024);
                    auto request = nlohmann::json::parse(line.toStdString(), nullptr, false);
                    nlohmann::json response = request.is_object()
                                                  ? handle(m_queue, request)
                                                  : nlohmann::json{{"ok", false}, {"error", "not a JSON object"}};
                    s->write(QByteArray::fromStdString(response.dump() + "\n"));
                }
                if (s->bytesAvailable() > 64 * 1024)
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

nlohmann::json ControlServer::handle(ApprovalQueue &queue, const nlohmann::json &request)
{
    const std::string op = request.value("op", std::string());
    if (op == "list") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &r : queue.pending())
            list.push_back(r.toJson());
        return {{"ok", true}, {"pending", list}};
    }
    if (op == "decide") {
        const std::string verdict = request.value("verdict", std::string());
        ApprovalQueue::Verdict v;
        if (verdict == "approve")
            v = ApprovalQueue::Verdict::Approve;
        else if (verdict == "approve_for_run")
            v = ApprovalQueue::Verdict::ApproveForRun;
        else if (verdict == "reject")
            v = ApprovalQueue::Verdict::Reject;
        else
            return {{"ok", false}, {"error", "verdict must be approve, approve_for_run or reject"}};
        auto decided = queue.decide(request.value("id", std::string()), v, request.value("reviewer", std::string()),
                                      request.value("reason", std::string()));
        if (!decided)
            return {{"ok", false}, {"error", decided.error().message}};
        return {{"ok", true}, {"request", decided->toJson()}};
    }
    return {{"ok", false}, {"error", "unknown op \"" + op + "\""}};
}

} // namespace warden
