#pragma once

#include "core/approvals/ApprovalQueue.h"

#include <QObject>

#include <string>

class QLocalServer;

namespace warden {

// A running warden's local control socket ($XDG_RUNTIME_DIR/warden/control.sock,
// owner-only): `wardenctl approvals` lists and decides pending requests
// through it. One JSON request per line: {"op": "list"} or {"op": "decide",
// "id", "verdict": "approve|approve_for_run|reject", "reason"}. Only a peer
// with the warden's uid, outside any sandbox, is answered; the decision is
// recorded as "local:ACCOUNT" of that peer (a "reviewer" field is ignored).
class ControlServer : public QObject {
    Q_OBJECT
public:
    ControlServer(ApprovalQueue &queue, QObject *parent = nullptr);

    static QString defaultPath();
    Result<void> listen(const QString &path = defaultPath());

    static constexpr qint64 kMaxLine = 64 * 1024;

    // The answer to one request line as it came off the socket: read
    // strictly (WireJson), handled, never thrown out of.
    static nlohmann::json answer(ApprovalQueue &queue, const QByteArray &line, const std::string &reviewer);

    // One control request against `queue`; also what a remote Warden host
    // answers to its authenticated clients (HostSession). `reviewer` is who
    // the caller knows the client to be. Fields of the wrong type are
    // refused with their name, never thrown.
    static nlohmann::json handle(ApprovalQueue &queue, const nlohmann::json &request, const std::string &reviewer);

private:
    ApprovalQueue &m_queue;
    QLocalServer *m_server;
};

} // namespace warden
