#include "core/control/ControlServer.h"

#include "core/common/PeerCredentials.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

#include <sys/stat.h>
#include <unistd.h>

namespace warden {

ControlServer::ControlServer(ApprovalQueue &queue, QObject *parent)
    : QObject(parent), m_queue(queue), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *s = m_server->nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QLocalSocket::readyRead, s, [this, s] {
                // Local reviewers only: the person is who the kernel says the
                // peer is, never a name it sends; a process inside a sandbox
                // (another user, pid or mount namespace) is refused even when
                // its uid is the warden's own.
                const auto peer = PeerCredentials::localPeerOf(s->socketDescriptor());
                while (s->canReadLine()) {
                    const QByteArray line = s->readLine(kMaxLine);
                    nlohmann::json reply;
                    if (!peer || peer->uid != ::getuid() || !peer->outsideAnySandbox)
                        reply = {{"ok", false},
                                 {"error", "the control socket answers local reviewers only, outside any sandbox"}};
                    else
                        reply = answer(m_queue, line, "local:" + peer->name);
                    s->write(QByteArray::fromStdString(
                        reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
                }
                if (s->bytesAvailable() > kMaxLine)
                    s->abort();
            });
        }
    });
}

QString ControlServer::defaultPath()
{
    // With no XDG_RUNTIME_DIR (a server, a CI job, sudo), Qt would warn on
    // the terminal and pick /tmp/runtime-USER; the warden picks its own
    // owner-only directory there instead, and only if it is really ours.
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) +
               QStringLiteral("/warden-control.sock");
    const QString dir = QDir::tempPath() + QStringLiteral("/warden-runtime-%1").arg(::getuid());
    const QByteArray local = QFile::encodeName(dir);
    ::mkdir(local.constData(), 0700);
    struct stat st {};
    if (::lstat(local.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
        (st.st_mode & 077) != 0)
        return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) +
               QStringLiteral("/warden-control.sock");
    return dir + QStringLiteral("/warden-control.sock");
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

nlohmann::json ControlServer::answer(ApprovalQueue &queue, const QByteArray &line, const std::string &reviewer)
{
    auto request = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                   {.maxBytes = static_cast<std::size_t>(kMaxLine)});
    if (!request)
        return {{"ok", false}, {"error", "the request is " + request.error().message}};
    if (!request->is_object())
        return {{"ok", false}, {"error", "not a JSON object"}};
    try {
        return handle(queue, *request, reviewer);
    } catch (const std::exception &e) {
        // Exception firewall: a bug refuses one request; it never ends the warden.
        return {{"ok", false}, {"error", std::string("internal error: ") + e.what()}};
    }
}

nlohmann::json ControlServer::handle(ApprovalQueue &queue, const nlohmann::json &request, const std::string &reviewer)
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
        // A "reviewer" the client names is checked for type and ignored:
        // the caller says who decided (the socket's peer, the host's token).
        auto named = JsonLookup::optionalString(request, "reviewer", 256);
        auto reason = JsonLookup::optionalString(request, "reason", 4096);
        for (const Error *e : {id ? nullptr : &id.error(), verdict ? nullptr : &verdict.error(),
                               named ? nullptr : &named.error(), reason ? nullptr : &reason.error()})
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
        auto decided = queue.decide(*id, v, reviewer, reason->value_or(""));
        if (!decided)
            return {{"ok", false}, {"error", decided.error().message}};
        return {{"ok", true}, {"request", decided->toJson()}};
    }
    return {{"ok", false}, {"error", "unknown op \"" + *op + "\""}};
}

} // namespace warden
