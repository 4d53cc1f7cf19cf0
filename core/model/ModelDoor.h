#pragma once

#include "core/common/Error.h"
#include "core/judge/CanaryScanner.h"
#include "core/judge/Judge.h"
#include "core/model/ModelRequest.h"
#include "core/model/ModelTurn.h"
#include "core/policy/Declaration.h"
#include "core/policy/Verdict.h"
#include "core/trace/Action.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sys/types.h>

class QLocalServer;
class QLocalSocket;
class QTimer;

namespace warden {

class RefusalTally;

// The model door: an agent's model requests arrive here (the sandbox's
// http://127.0.0.1:3130, bridged by warden-init to the run's model socket)
// instead of going to the provider. Each request is an action of kind
// `model` (source `model`), judged and recorded before anything leaves:
// a declared provider for its API, a model name the declaration allows,
// the run's token budget not spent, no canary in what it carries, and a
// key for the provider in the warden's environment. An allowed request is
// sent on by the warden (libcurl, the address checked as the proxy checks
// it) with the agent's credentials stripped, only the API's own headers,
// and the provider's real key added; the answer streams back to the agent
// as it arrives. The agent holds only a stand-in key, which is a canary:
// sent anywhere else, it is exfiltration. Each answer's turn (the tools the
// model asked for, why it stopped, tokens) is handed to the run for the
// record. Keep-alive: each request on a connection is judged on its own.
class ModelDoor : public QObject {
    Q_OBJECT
public:
    // Judges the request: `denial` set when the door refuses it whatever the
    // declaration says (no key, budget spent). `answer(allowed, seq, why)`.
    using Decider = std::function<void(Action action, std::optional<Reason> denial,
                                       std::function<void(bool allowed, std::int64_t seq, std::string why)> answer)>;

    struct Limits {
        int maxConnections = 16;
        qint64 maxKeptAnswer = 4 * 1024 * 1024;   // of an answer, read for the record (the agent gets it whole)
        qint64 maxUnsentBytes = 32 * 1024 * 1024; // an agent that does not read its answer loses it
        int connectTimeoutSeconds = 15;
        int requestTimeoutSeconds = 600;
        int headTimeoutMs = 30'000; // to send a whole request
        int keyLookupSeconds = 30;  // for the keychain to answer
    };

    ModelDoor(std::shared_ptr<const Declaration> declaration, const std::vector<Judge::Canary> &canaries,
              Decider decider, QObject *parent = nullptr);
    ~ModelDoor() override;

    void setLimits(const Limits &limits) { m_limits = limits; }
    // Keys by provider name that win over the declaration's "env:VAR".
    void setKeys(std::map<std::string, std::string> keys) { m_keys = std::move(keys); }
    // Where a key neither given nor in the warden's environment is looked
    // for (the OS keychain, by the provider's origin); asked once a run per
    // provider, the requests that wait for it held meanwhile.
    using KeyLookup = std::function<void(const ModelProvider &provider,
                                         std::function<void(std::optional<std::string> key, std::string why)> done)>;
    void setKeyLookup(KeyLookup lookup) { m_keyLookup = std::move(lookup); }
    Result<void> listen(const QString &path);
    void close();
    // Only processes of this user may connect (the run's sandbox user).
    void setPeerUid(uid_t uid) { m_peerUid = uid; }
    // Tokens spent so far this run, by provider name.
    std::int64_t tokensSpent(const std::string &provider) const;

Q_SIGNALS:
    void protocolViolation(const QString &what);
    // An allowed exchange ended: the action it was, the provider's status
    // (0 when it was never reached), what the model said, and why it failed
    // when it did.
    void answered(std::int64_t seq, const QString &provider, int status, const warden::ModelTurn &turn,
                  const QString &failure);

private:
public:
    struct Upstream; // what an exchange's thread shares with the door

private:
    struct Client {
        QPointer<QLocalSocket> socket;
        QPointer<QTimer> timer;
        QByteArray buffer;
        bool busy = false; // a request in flight: the next one waits
        std::shared_ptr<Upstream> upstream;
        // The request in flight: its action, provider and API, and its answer so far.
        std::int64_t seq = 0;
        std::string provider;
        ModelApi api = ModelApi::Anthropic;
        int status = 0;
        std::string contentType;
        QByteArray kept; // the first maxKeptAnswer bytes, read for the record
        bool headSent = false;
    };
    void onNewConnection();
    void onReadable(quint64 id);
    void handle(quint64 id, const ModelRequest &request);
    void askKeychain(const ModelProvider &provider);
    static bool keyAcceptable(const std::string &key);
    void forward(quint64 id, const ModelRequest &request, const ModelProvider &provider, std::int64_t seq);
    void respond(quint64 id, int status, const std::string &message);
    // From the exchange's thread, on this one.
    void onHead(quint64 id, int status, const std::string &contentType);
    void onBytes(quint64 id, const QByteArray &bytes);
    void onDone(quint64 id, const std::string &failure);
    void finishRequest(quint64 id);
    // `afterAnswer`: what was written to the agent goes before the close.
    void drop(quint64 id, bool afterAnswer = false);

    std::shared_ptr<const Declaration> m_declaration;
    CanaryScanner m_canaries;
    Decider m_decider;
    Limits m_limits;
    std::optional<uid_t> m_peerUid;
    RefusalTally *m_refusals;
    QLocalServer *m_server;
    std::map<quint64, Client> m_clients;
    quint64 m_nextId = 1;
    std::map<std::string, std::int64_t> m_tokens; // spent, by provider
    std::map<std::string, std::string> m_keys;
    KeyLookup m_keyLookup;
    std::map<std::string, std::string> m_keyProblems;                                  // by provider: why none
    std::map<std::string, std::vector<std::pair<quint64, ModelRequest>>> m_keyWaiting; // by provider
    std::set<std::string> m_keyAsked;                                                  // providers asked for
};

} // namespace warden
