#pragma once

#include "core/common/Error.h"
#include "core/mcp/McpHttpFront.h"
#include "core/mcp/McpSession.h"
#include "core/trace/Action.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sys/types.h>

class QLocalServer;
class QLocalSocket;

namespace warden {

class Keychain;

class RefusalTally;

// The run's MCP socket: each connection is one warden-mcp relay in the
// sandbox, which names a declared server on its first line and is then one
// MCP session (McpSession) with that server, started here in its own
// sandbox; or one TCP connection to the sandbox's loopback HTTP endpoint,
// relayed by warden-init, which McpHttpFront serves. Calls to judge come out of callReceived; the run answers each
// with allow() or refuse().
class McpBridge : public QObject {
    Q_OBJECT
public:
    struct Limits {
        int maxSessions = 8;
        qsizetype maxHelloBytes = 256;
        McpSession::Limits session;
        McpHttpFront::Limits http;
    };

    // Judges an egress action (a server at a URL, once a session); calls `answer(allowed, reason)` once.
    using EgressDecider = std::function<void(Action action, std::function<void(bool, std::string)> answer)>;

    McpBridge(std::shared_ptr<const Declaration> declaration, QObject *parent = nullptr);
    ~McpBridge() override;

    void setLimits(Limits limits)
    {
        m_limits = limits;
        m_http->setLimits(limits.http);
    }
    // The sandbox root each server runs on, and whom it runs as when the warden is root.
    void setServerRoot(std::string root, int uid, int gid);
    // When set (a root warden), each server session runs as a user of its
    // own: per-user limits (RLIMIT_NPROC) then bound each server, not the
    // agent and every server of the run together.
    void setServerUsers(std::function<int()> newUser) { m_newServerUser = std::move(newUser); }
    void setPeerUid(uid_t uid) { m_peerUid = uid; }
    // Without one, a server at a URL is never reached.
    void setEgressDecider(EgressDecider decider) { m_egress = std::move(decider); }
    Result<void> listen(const QString &path);
    void close();

    void allow(std::uint64_t call);
    void refuse(std::uint64_t call, const std::string &reason);

Q_SIGNALS:
    void callReceived(const warden::McpCall &call);
    void callAnswered(std::uint64_t call, const nlohmann::json &result, bool isError, const QString &error);
    void serverProblem(const QString &server, const QString &what);
    void toolHeld(const QString &server, const nlohmann::json &held);
    void agentProblem(const QString &what);

private:
    void onNewConnection();
    void onHello(QLocalSocket *socket);
    // A session with a declared server, not yet started; nullptr (and why) if none may open.
    McpSession *openSession(const std::string &name, QLocalSocket *agent, QString &refusal);
    McpServerLink *linkTo(const McpServerRule &server);
    // Where URL servers' tokens are looked up, once a session each.
    Keychain *keychain();
    McpSession *sessionOf(std::uint64_t call) const;

    std::shared_ptr<const Declaration> m_declaration;
    Limits m_limits;
    std::string m_serverRoot;
    int m_uid = 65534;
    int m_gid = 65534;
    std::function<int()> m_newServerUser;
    std::optional<uid_t> m_peerUid;
    EgressDecider m_egress;
    Keychain *m_keychain = nullptr; // made when a server first needs a token
    QLocalServer *m_server;
    RefusalTally *m_refusals;
    McpHttpFront *m_http;
    std::map<std::uint32_t, McpSession *> m_sessions;
    std::uint32_t m_nextSession = 1;
    int m_greeting = 0; // connections that have not named their server yet
};

} // namespace warden
