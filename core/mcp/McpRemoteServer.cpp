#include "core/mcp/McpRemoteServer.h"

#include "core/egress/CurlAddressCheck.h"
#include "core/mcp/McpEventStream.h"
#include "core/mcp/McpMessage.h"
#include "core/mcp/McpProtocol.h"
#include "core/mcp/McpServerToken.h"
#include "core/mcp/McpSession.h"

#include <QPointer>
#include <QTimer>

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace warden {

using nlohmann::json;

struct McpRemoteServer::Shared {
    std::mutex mutex;
    McpRemoteServer *owner = nullptr; // null once the link is stopped or gone
    std::atomic<bool> stopped{false};
    bool internalToo = false;

    // Runs `f` on the owner's thread, if there still is an owner.
    template <typename F>
    void toOwner(F f)
    {
        std::lock_guard lock(mutex);
        if (!owner)
            return;
        McpRemoteServer *o = owner;
        QMetaObject::invokeMethod(
            o, [o, f = std::move(f)] { f(o); }, Qt::QueuedConnection);
    }
    void deliver(const std::string &text)
    {
        toOwner([text = QByteArray::fromStdString(text)](McpRemoteServer *o) { o->onMessage(text); });
    }
    void session(std::string id)
    {
        toOwner([id = std::move(id)](McpRemoteServer *o) { o->onSessionId(id); });
    }
    void done(json requestId, ExchangeEnd how)
    {
        toOwner([requestId = std::move(requestId), how = std::move(how)](McpRemoteServer *o) {
            o->onExchangeDone(requestId, how);
        });
    }

    // Requests answered while a resumed stream for them was open: that
    // stream has nothing more to bring, and is closed.
    void answered(const std::string &key)
    {
        std::lock_guard lock(mutex);
        answeredKeys.insert(key);
    }
    bool isAnswered(const std::string &key)
    {
        std::lock_guard lock(mutex);
        return answeredKeys.contains(key);
    }
    // The request's exchanges are over: the set stays as small as the
    // requests in flight, and an id the client uses again starts unanswered.
    void forget(const std::string &key)
    {
        std::lock_guard lock(mutex);
        answeredKeys.erase(key);
    }
    std::set<std::string> answeredKeys;
};

namespace {

// One POST (or the closing DELETE) and what it brings back.
struct Exchange {
    std::string method = "POST";
    std::string url;
    std::string body;
    std::string sessionId;
    std::string protocolVersion;
    std::string lastEventId;   // a GET that resumes a stream from here
    bool listening = false;    // the GET stream for what the server sends unasked
    std::string authorization; // the server's token, from the warden's keychain
    json requestId;            // null when the message is not a request
    McpRemoteServer::Limits limits;
};

// Reads an answer as it arrives: one JSON message, or an event stream whose
// messages are handed on as soon as each event ends.
struct AnswerReader {
    std::shared_ptr<McpRemoteServer::Shared> shared;
    const Exchange *exchange = nullptr;
    CURL *curl = nullptr;
    enum class Kind { Unknown, Json, Events, Other } kind = Kind::Unknown;
    std::string body; // JSON: the body so far
    std::optional<McpEventStream> events;
    qint64 total = 0;
    bool tooLarge = false;
    bool closedAnswered = false; // a resumed stream closed once its request was answered

    void message(const std::string &text)
    {
        // A notification or a response is answered 202 without a body: a
        // body there carries nothing the client asked for, and is dropped.
        if (!text.empty() && (!exchange->requestId.is_null() || exchange->listening))
            shared->deliver(text);
    }

    bool take(const char *bytes, std::size_t n)
    {
        total += static_cast<qint64>(n);
        if (total > exchange->limits.maxAnswerBytes) {
            tooLarge = true;
            return false;
        }
        if (kind == Kind::Unknown) {
            char *type = nullptr;
            curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
            const std::string t = type ? type : "";
            kind = t.starts_with("text/event-stream")  ? Kind::Events
                   : t.starts_with("application/json") ? Kind::Json
                                                       : Kind::Other;
            if (kind == Kind::Events)
                events.emplace(exchange->limits.maxMessageBytes);
        }
        if (kind != Kind::Events) {
            body.append(bytes, n);
            return true;
        }
        std::vector<std::string> messages;
        const bool ok = events->feed(std::string_view(bytes, n), messages);
        for (std::string &m : messages)
            message(m);
        tooLarge = !ok;
        return ok;
    }
};

size_t onBody(char *bytes, size_t size, size_t count, void *user)
{
    return static_cast<AnswerReader *>(user)->take(bytes, size * count) ? size * count : 0;
}

size_t onHeader(char *bytes, size_t size, size_t count, void *user)
{
    auto *reader = static_cast<AnswerReader *>(user);
    std::string_view h(bytes, size * count);
    constexpr std::string_view name = "mcp-session-id:";
    if (h.size() > name.size() && std::equal(name.begin(), name.end(), h.begin(), [](char a, char b) {
            return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
        h.remove_prefix(name.size());
        while (!h.empty() && (h.front() == ' ' || h.front() == '\t'))
            h.remove_prefix(1);
        while (!h.empty() && (h.back() == '\r' || h.back() == '\n' || h.back() == ' '))
            h.remove_suffix(1);
        // The same rule as for the agent's: visible ASCII, bounded.
        // Handed on at once, before any message of the body: the client
        // may answer the first of them with a request of its own.
        if (!h.empty() && h.size() <= 128 &&
            std::all_of(h.begin(), h.end(), [](char c) { return c >= 0x21 && c <= 0x7e; }))
            reader->shared->session(std::string(h));
    }
    return size * count;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto *reader = static_cast<AnswerReader *>(user);
    if (reader->shared->stopped.load())
        return 1;
    if (!reader->exchange->lastEventId.empty() && reader->shared->isAnswered(reader->exchange->requestId.dump())) {
        reader->closedAnswered = true;
        return 1;
    }
    return 0;
}

// Runs on a thread of its own; std::thread keeps the arguments for it.
void runExchange(const std::shared_ptr<McpRemoteServer::Shared> &shared, const Exchange &exchange)
{
    CURL *c = curl_easy_init();
    if (!c) {
        McpRemoteServer::ExchangeEnd failed;
        failed.failure = "libcurl could not start";
        shared->done(exchange.requestId, std::move(failed));
        return;
    }
    AnswerReader reader;
    reader.shared = shared;
    reader.exchange = &exchange;
    reader.curl = c;
    CurlAddressCheck check{shared->internalToo, {}};
    check.attach(c);
    curl_slist *headers = nullptr;
    if (exchange.method == "GET") {
        headers = curl_slist_append(headers, "Accept: text/event-stream");
        if (!exchange.lastEventId.empty())
            headers = curl_slist_append(headers, ("Last-Event-ID: " + exchange.lastEventId).c_str());
    } else {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Accept: application/json, text/event-stream");
    }
    if (!exchange.authorization.empty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + exchange.authorization).c_str());
    if (!exchange.sessionId.empty())
        headers = curl_slist_append(headers, ("Mcp-Session-Id: " + exchange.sessionId).c_str());
    if (!exchange.protocolVersion.empty())
        headers = curl_slist_append(headers, ("MCP-Protocol-Version: " + exchange.protocolVersion).c_str());
    curl_easy_setopt(c, CURLOPT_URL, exchange.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, exchange.method.c_str());
    if (exchange.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, exchange.body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(exchange.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reader);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &reader);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &reader);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(exchange.limits.connectTimeoutSeconds));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    if (shared->stopped.load())
        return;

    McpRemoteServer::ExchangeEnd end;
    end.listening = exchange.listening;
    end.status = status;
    end.refused = !check.refused.empty();
    if (reader.kind == AnswerReader::Kind::Events) {
        end.lastEventId = reader.events->lastEventId();
        end.retryMs = reader.events->retryMs();
    }
    std::string &failure = end.failure;
    if (reader.closedAnswered)
        ; // its request was answered: the stream was closed here, on purpose
    else if (reader.tooLarge)
        failure = "an answer over its size limit";
    else if (!check.refused.empty())
        failure =
            "the server's address " + check.refused + " is internal, and its destination is not declared internal";
    else if (rc != CURLE_OK)
        failure = std::string("the request failed: ") + curl_easy_strerror(rc);
    else if (status == 200 && reader.kind == AnswerReader::Kind::Json)
        reader.message(reader.body);
    else if (status == 200 && reader.kind == AnswerReader::Kind::Events)
        reader.message(reader.events->finish()); // an event the stream ended without closing
    else if (status == 200 && (!exchange.requestId.is_null() || exchange.listening))
        failure = "an answer that is neither JSON nor an event stream";
    else if (status == 401 || status == 403)
        failure = "HTTP status " + std::to_string(status) +
                  (exchange.authorization.empty() ? " (the warden's keychain holds no token for this server)"
                                                  : " (the token from the warden's keychain was refused)");
    else if (status != 200 && status != 202 && !(exchange.method == "DELETE" && status == 405))
        failure = "HTTP status " + std::to_string(status);
    shared->done(exchange.requestId, std::move(end));
}

} // namespace

McpRemoteServer::McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, QObject *parent)
    : McpRemoteServer(std::move(rule), std::move(admit), addresses, Limits{}, parent)
{}

McpRemoteServer::McpRemoteServer(McpServerRule rule, Admission admit, Addresses addresses, Limits limits,
                                 QObject *parent)
    : McpServerLink(parent),
      m_rule(std::move(rule)),
      m_admit(std::move(admit)),
      m_limits(limits),
      m_shared(std::make_shared<Shared>())
{
    m_shared->owner = this;
    m_shared->internalToo = addresses == Addresses::InternalToo;
}

McpRemoteServer::~McpRemoteServer()
{
    stop();
}

QString McpRemoteServer::serverName() const
{
    return QString::fromStdString(m_rule.name);
}

void McpRemoteServer::start()
{
    if (m_started)
        return;
    m_started = true;
    QPointer<McpRemoteServer> self(this);
    m_admit([self](bool allowed, const std::string &reason) {
        if (!self || self->m_ended)
            return;
        if (!allowed) {
            self->end(
                tr("the egress policy refuses MCP server \"%1\" at %2: %3")
                    .arg(self->serverName(), QString::fromStdString(self->m_rule.url), QString::fromStdString(reason)));
            return;
        }
        if (!self->m_tokenLookup) {
            self->admitted();
            return;
        }
        self->m_tokenLookup([self](std::optional<std::string> token, const std::string &why) {
            if (!self || self->m_ended)
                return;
            // Fail closed: a server declared to take a token is not spoken
            // to without one, nor with one a header could not carry.
            const QString origin = QString::fromStdString(self->m_rule.origin);
            if (!token) {
                self->end(
                    tr("MCP server \"%1\" takes its token from the warden's keychain, which gave none for %2 (%3); "
                       "store one with: wardenctl mcp-token set %2")
                        .arg(self->serverName(), origin, QString::fromStdString(why)));
                return;
            }
            if (!McpServerToken::acceptable(*token)) {
                self->end(tr("MCP server \"%1\": the keychain's token for %2 is not one a header can carry "
                             "(1 to 8192 visible ASCII characters)")
                              .arg(self->serverName(), origin));
                return;
            }
            self->m_token = std::move(*token);
            self->admitted();
        });
    });
}

void McpRemoteServer::admitted()
{
    m_admitted = true;
    for (const json &m : std::exchange(m_queued, {}))
        post(m);
}

void McpRemoteServer::send(const json &message)
{
    if (m_ended)
        return;
    if (!m_admitted) {
        m_queued.push_back(message);
        return;
    }
    post(message);
}

void McpRemoteServer::post(const json &message)
{
    Exchange e;
    e.url = m_rule.url;
    e.body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    e.sessionId = m_sessionId;
    e.protocolVersion = m_protocolVersion;
    e.authorization = m_token;
    e.limits = m_limits;
    if (message.contains("method") && message.contains("id")) {
        e.requestId = message.at("id");
        m_open.insert(e.requestId.dump());
        if (message.at("method") == "initialize")
            m_initializeId = e.requestId.dump();
    }
    std::thread(runExchange, m_shared, std::move(e)).detach();
    // Once the session is initialized, a stream for what the server sends
    // unasked (its requests, list changes): without it, a server that asks
    // outside a call waits for an answer that never comes.
    if (message.contains("method") && message.at("method") == "notifications/initialized" && !m_listening)
        listen({});
}

void McpRemoteServer::listen(const std::string &lastEventId)
{
    m_listening = true;
    Exchange e;
    e.method = "GET";
    e.listening = true;
    e.url = m_rule.url;
    e.sessionId = m_sessionId;
    e.protocolVersion = m_protocolVersion;
    e.lastEventId = lastEventId;
    e.authorization = m_token;
    e.limits = m_limits;
    std::thread(runExchange, m_shared, std::move(e)).detach();
}

void McpRemoteServer::resume(const json &requestId, const std::string &lastEventId)
{
    Exchange e;
    e.method = "GET";
    e.url = m_rule.url;
    e.sessionId = m_sessionId;
    e.protocolVersion = m_protocolVersion;
    e.lastEventId = lastEventId;
    e.authorization = m_token;
    e.requestId = requestId;
    e.limits = m_limits;
    std::thread(runExchange, m_shared, std::move(e)).detach();
}

void McpRemoteServer::stop()
{
    {
        std::lock_guard lock(m_shared->mutex);
        if (!m_shared->owner)
            return;
        m_shared->owner = nullptr;
    }
    m_shared->stopped = true;
    m_ended = true;
    // The session is ended as the specification asks; no one waits for it.
    if (!m_sessionId.empty()) {
        auto closing = std::make_shared<Shared>();
        closing->internalToo = m_shared->internalToo;
        Exchange e;
        e.method = "DELETE";
        e.url = m_rule.url;
        e.sessionId = m_sessionId;
        e.protocolVersion = m_protocolVersion;
        e.authorization = m_token;
        e.limits = m_limits;
        std::thread(runExchange, closing, std::move(e)).detach();
    }
}

void McpRemoteServer::onSessionId(const std::string &id)
{
    if (m_sessionId.empty())
        m_sessionId = id;
}

void McpRemoteServer::onMessage(const QByteArray &text)
{
    if (m_ended)
        return;
    const McpMessage m = McpMessage::parse(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                                           static_cast<std::size_t>(m_limits.maxMessageBytes));
    if (m.kind == McpMessage::Kind::Invalid) {
        Q_EMIT misbehaved(tr("MCP server \"%1\" sent something that is not a JSON-RPC message: %2")
                              .arg(serverName(), QString::fromStdString(m.why)));
        return;
    }
    if (m.kind == McpMessage::Kind::Response) {
        const std::string key = m.id.dump();
        m_open.erase(key);
        if (m_resumed.contains(key))
            m_shared->answered(key);
        // Later requests carry the version the server agreed to.
        if (key == m_initializeId && m.result.is_object() && m.result.contains("protocolVersion") &&
            m.result.at("protocolVersion").is_string() &&
            McpProtocol::speaks(m.result.at("protocolVersion").get<std::string>()))
            m_protocolVersion = m.result.at("protocolVersion").get<std::string>();
    }
    json parsed = json::parse(text.toStdString(), nullptr, false);
    if (!parsed.is_discarded())
        Q_EMIT message(parsed);
}

void McpRemoteServer::onExchangeDone(const json &requestId, const ExchangeEnd &how)
{
    if (m_ended)
        return;
    const std::string key = requestId.dump();
    if (how.listening) {
        m_listening = false;
        // A server need not offer the stream (405, or anything but 200):
        // the session goes on without it. One that ended is opened again,
        // from its last event, after the retry hint: a bounded number of times.
        if (how.status != 200 || ++m_listenRestarts > m_limits.maxListenRestarts)
            return;
        const qint64 wait =
            std::clamp(how.retryMs < 0 ? m_limits.defaultRetryMs : how.retryMs, qint64(0), m_limits.maxRetryMs);
        QTimer::singleShot(std::chrono::milliseconds(wait), this, [this, from = how.lastEventId] {
            if (!m_ended && !m_listening)
                listen(from);
        });
        return;
    }
    std::string failure = how.failure;
    const bool refused = how.refused;
    const long status = how.status;
    if (failure.empty() && status == 200 && !requestId.is_null() && m_open.contains(key) && !how.lastEventId.empty()) {
        // The stream ended owing its answer, and said where to resume from.
        int &times = m_resumed[key];
        if (times < m_limits.maxResumptions) {
            ++times;
            const qint64 wait =
                std::clamp(how.retryMs < 0 ? m_limits.defaultRetryMs : how.retryMs, qint64(0), m_limits.maxRetryMs);
            QTimer::singleShot(std::chrono::milliseconds(wait), this, [this, requestId, from = how.lastEventId] {
                const std::string pending = requestId.dump();
                if (!m_ended && m_open.contains(pending)) {
                    resume(requestId, from);
                } else if (m_resumed.erase(pending) > 0) {
                    m_shared->forget(pending); // answered meanwhile (on the listening stream, say)
                }
            });
            return;
        }
        failure = "its event stream ended " + std::to_string(times) + " times before the answer";
    }
    const bool unanswered = !requestId.is_null() && m_open.erase(key) > 0;
    if (m_resumed.erase(key) > 0)
        m_shared->forget(key);
    if (failure.empty() && !unanswered)
        return;
    const QString why = QString::fromStdString(failure.empty() ? "no answer to a request" : failure);
    if (refused) {
        end(tr("MCP server \"%1\" cannot be reached: %2").arg(serverName(), why));
        return;
    }
    if (status == 404 && !m_sessionId.empty()) {
        end(tr("MCP server \"%1\" ended the session (HTTP 404)").arg(serverName()));
        return;
    }
    Q_EMIT misbehaved(tr("MCP server \"%1\": %2").arg(serverName(), why));
    if (unanswered)
        Q_EMIT message(
            McpMessage::errorReply(requestId, -32603, "MCP server \"" + m_rule.name + "\": " + why.toStdString()));
    if (++m_failures >= m_limits.maxFailures)
        end(tr("MCP server \"%1\" failed %2 exchanges; it was given up on").arg(serverName()).arg(m_failures));
}

void McpRemoteServer::end(const QString &why)
{
    if (m_ended)
        return;
    stop();
    Q_EMIT ended(why);
}

} // namespace warden
