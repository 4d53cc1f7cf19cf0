#include "core/model/ModelDoor.h"

#include "core/common/RefusalTally.h"
#include "core/common/RunSocket.h"
#include "core/egress/CurlAddressCheck.h"
#include "core/model/ProviderTools.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace warden {

// What the exchange's thread shares with the door: the way back, while
// there is one, and the stop the door asks for.
struct ModelDoor::Upstream {
    std::mutex mutex;
    ModelDoor *owner = nullptr; // null once the door is closed or gone
    std::atomic<bool> stopped{false};

    template <typename F>
    void toOwner(F f)
    {
        std::lock_guard lock(mutex);
        if (!owner)
            return;
        ModelDoor *o = owner;
        QMetaObject::invokeMethod(
            o, [o, f = std::move(f)] { f(o); }, Qt::QueuedConnection);
    }
    void stop()
    {
        std::lock_guard lock(mutex);
        owner = nullptr;
        stopped = true;
    }
};

namespace {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

// Reads the provider's answer as it arrives, on the exchange's thread, and
// hands each piece to the door.
struct Writer {
    std::shared_ptr<ModelDoor::Upstream> upstream;
    CURL *curl = nullptr;
    bool headSeen = false;
    std::function<void(int, std::string)> onHead;
    std::function<void(QByteArray)> onBytes;
};

size_t onBody(char *bytes, size_t size, size_t count, void *user)
{
    auto *w = static_cast<Writer *>(user);
    if (w->upstream->stopped.load())
        return 0;
    if (!w->headSeen) {
        w->headSeen = true;
        long status = 0;
        char *type = nullptr;
        curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(w->curl, CURLINFO_CONTENT_TYPE, &type);
        w->onHead(static_cast<int>(status), type ? std::string(type) : std::string());
    }
    w->onBytes(QByteArray(bytes, static_cast<qsizetype>(size * count)));
    return size * count;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<Writer *>(user)->upstream->stopped.load() ? 1 : 0;
}

} // namespace

ModelDoor::ModelDoor(std::shared_ptr<const Declaration> declaration, const std::vector<Judge::Canary> &canaries,
                     Decider decider, QObject *parent)
    : QObject(parent),
      m_declaration(std::move(declaration)),
      m_canaries(canaries),
      m_decider(std::move(decider)),
      m_refusals(new RefusalTally([this](const QString &what) { Q_EMIT protocolViolation(what); }, this)),
      m_server(new QLocalServer(this))
{
    connect(m_server, &QLocalServer::newConnection, this, &ModelDoor::onNewConnection);
}

ModelDoor::~ModelDoor()
{
    close();
}

Result<void> ModelDoor::listen(const QString &path)
{
    return RunSocket::listen(*m_server, path, "model");
}

void ModelDoor::close()
{
    m_server->close();
    std::vector<quint64> ids;
    for (const auto &[id, c] : m_clients)
        ids.push_back(id);
    for (quint64 id : ids)
        drop(id);
}

std::int64_t ModelDoor::tokensSpent(const std::string &provider) const
{
    auto it = m_tokens.find(provider);
    return it == m_tokens.end() ? 0 : it->second;
}

void ModelDoor::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!m_refusals->admitPeer(socket, m_peerUid, tr("a model door peer is not this run's sandbox user (uid %1)")))
            continue;
        if (m_clients.size() >= static_cast<std::size_t>(m_limits.maxConnections)) {
            socket->abort();
            socket->deleteLater();
            m_refusals->refused(tr("more than %1 model connections open").arg(m_limits.maxConnections));
            continue;
        }
        const quint64 id = m_nextId++;
        Client &c = m_clients[id];
        c.socket = socket;
        socket->setParent(this);
        // What the agent sends while its request is answered stays in the
        // kernel's socket (it waits), not in the warden's memory.
        socket->setReadBufferSize(64 * 1024);
        c.timer = new QTimer(this);
        c.timer->setSingleShot(true);
        // A request that does not arrive whole in time, or a connection left idle, is closed.
        connect(c.timer, &QTimer::timeout, this, [this, id] {
            if (auto it = m_clients.find(id); it != m_clients.end() && !it->second.busy)
                drop(id);
        });
        c.timer->start(m_limits.headTimeoutMs);
        connect(socket, &QLocalSocket::readyRead, this, [this, id] { onReadable(id); });
        connect(socket, &QLocalSocket::disconnected, this, [this, id] { drop(id); });
        onReadable(id);
    }
}

void ModelDoor::onReadable(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    Client &c = it->second;
    if (c.busy)
        return; // the next request waits, unread, for this one's answer
    const qint64 room = HttpRequestHead::kMaxHead + ModelRequest::kMaxBody + 1 - c.buffer.size();
    if (room > 0)
        c.buffer += c.socket->read(room);
    auto head = HttpRequestHead::parse(c.buffer, HttpRequestHead::Form::Origin, ModelRequest::kMaxBody);
    if (!head) {
        respond(id, 400, head.error().message);
        Q_EMIT protocolViolation(tr("the model door refused a request: %1")
                                     .arg(QString::fromStdString(head.error().message.substr(0, 200))));
        drop(id, true);
        return;
    }
    if (!*head || c.buffer.size() < (*head)->headLength + (*head)->contentLength)
        return; // more to come
    const QByteArray body = c.buffer.mid((*head)->headLength, (*head)->contentLength);
    c.buffer.remove(0, (*head)->headLength + (*head)->contentLength);
    c.busy = true;
    c.timer->stop();
    auto request = ModelRequest::from(
        **head, body, [this](std::string &text) { m_canaries.redact(text); },
        [this](ModelApi api) {
            const ModelProvider *p = m_declaration->modelFor(api);
            return p ? p->providerTools : std::vector<std::string>{};
        });
    if (!request) {
        respond(id, request.error().status, request.error().message);
        finishRequest(id);
        return;
    }
    handle(id, *request);
}

void ModelDoor::handle(quint64 id, const ModelRequest &request)
{
    const ModelProvider *provider = m_declaration->modelFor(request.api);
    Action a;
    a.kind = ActionKind::Model;
    a.source = "model";
    a.method = "POST";
    a.name = request.model;
    a.tool = provider ? provider->name : std::string();
    a.host = provider ? provider->host : std::string("127.0.0.1"); // the door itself: no provider to name
    a.port = provider ? provider->port : 0;
    a.url = (provider ? provider->url : std::string()) + request.target;
    a.results = request.results;
    a.withheld = request.withheld;
    // A canary in what the agent sends its model (a tool result that quoted
    // a credentials file back) is on its way out like any other.
    a.canaries =
        m_canaries.find(std::string_view(request.body.constData(), static_cast<std::size_t>(request.body.size())));
    std::optional<Reason> denial;
    std::string key;
    if (!provider)
        denial = Reason{"models",
                        std::string("no model provider for the ") + modelApiName(request.api) + " API is declared"};
    if (provider) {
        auto given = m_keys.find(provider->name);
        key = given != m_keys.end()           ? given->second
              : provider->keyVariable.empty() ? std::string()
                                              : qEnvironmentVariable(provider->keyVariable.c_str()).toStdString();
        if (key.empty() && m_keyLookup && !m_keyProblems.contains(provider->name)) {
            // Not given, not in the environment: the keychain, asked once,
            // while this request (and any that come meanwhile) waits.
            m_keyWaiting[provider->name].emplace_back(id, request);
            if (m_keyAsked.insert(provider->name).second)
                askKeychain(*provider);
            return;
        }
        const bool searches = ProviderTools::searchesByItself(request.model) &&
                              std::find(provider->providerTools.begin(), provider->providerTools.end(), "web_search") ==
                                  provider->providerTools.end();
        if (!key.empty() && !keyAcceptable(key))
            denial = Reason{"models." + provider->name + ".key",
                            "the warden's key for " + provider->name + " is not one line of visible ASCII"};
        else if (searches)
            denial = Reason{"models." + provider->name + ".provider_tools",
                            "the model " + request.model +
                                " searches the web by itself, from the provider's side: declare web_search under "
                                "provider_tools to allow it"};
        else if (provider->maxTokens > 0 && tokensSpent(provider->name) >= provider->maxTokens)
            denial = Reason{"models." + provider->name + ".max_tokens", "the run has spent its " +
                                                                            std::to_string(provider->maxTokens) +
                                                                            " tokens for " + provider->name};
        else if (key.empty())
            denial = Reason{"models." + provider->name + ".key",
                            "the warden has no key for " + provider->name + ": " +
                                (provider->keyVariable.empty()
                                     ? std::string()
                                     : "set " + provider->keyVariable + " in the warden's environment, or ") +
                                "keep one with wardenctl model-key set " + provider->origin +
                                (m_keyProblems.contains(provider->name)
                                     ? " (the keychain: " + m_keyProblems.at(provider->name) + ")"
                                     : std::string())};
    }
    QPointer<ModelDoor> self(this);
    const std::string providerName = provider ? provider->name : std::string();
    m_decider(std::move(a), std::move(denial),
              [self, id, request, providerName, key](bool allowed, std::int64_t seq, const std::string &why) {
                  if (!self || !self->m_clients.contains(id))
                      return;
                  const ModelProvider *p = nullptr;
                  for (const auto &[name, candidate] : self->m_declaration->models)
                      if (name == providerName)
                          p = &candidate;
                  if (!allowed || !p) {
                      self->respond(id, 403, "refused by Warden: " + why);
                      self->finishRequest(id);
                      return;
                  }
                  ModelRequest withKey = request;
                  withKey.headers.push_back(ModelRequest::keyHeader(p->api, key));
                  self->forward(id, withKey, *p, seq);
              });
}

bool ModelDoor::keyAcceptable(const std::string &key)
{
    // A key is one header's value: visible ASCII, nothing to split a header by.
    return !key.empty() && key.size() <= 8192 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

void ModelDoor::askKeychain(const ModelProvider &provider)
{
    QPointer<ModelDoor> self(this);
    const std::string name = provider.name;
    // The first word counts: the keychain's answer, or its silence (a locked
    // keyring waiting on a prompt), which fails the waiting requests closed.
    auto settle = [self, name](std::optional<std::string> key, std::string why) {
        if (!self || self->m_keys.contains(name) || self->m_keyProblems.contains(name))
            return;
        if (key && keyAcceptable(*key))
            self->m_keys[name] = *key;
        else
            self->m_keyProblems[name] = key ? "the key kept there is not one line of visible ASCII" : std::move(why);
        for (auto &[id, request] : std::exchange(self->m_keyWaiting[name], {}))
            if (self->m_clients.contains(id))
                self->handle(id, request);
    };
    QTimer::singleShot(m_limits.keyLookupSeconds * 1000, this, [settle, seconds = m_limits.keyLookupSeconds] {
        settle(std::nullopt, "it did not answer within " + std::to_string(seconds) + " s");
    });
    m_keyLookup(provider, settle);
}

void ModelDoor::forward(quint64 id, const ModelRequest &request, const ModelProvider &provider, std::int64_t seq)
{
    Client &c = m_clients.at(id);
    auto upstream = std::make_shared<Upstream>();
    upstream->owner = this;
    c.upstream = upstream;
    c.api = request.api;
    c.seq = seq;
    c.provider = provider.name;
    c.status = 0;
    c.contentType.clear();
    c.kept.clear();
    c.headSent = false;
    std::vector<std::string> headers;
    for (const auto &[name, value] : request.headers)
        headers.push_back(name + ": " + value);
    const bool internalToo = m_declaration->mayReachInternal(provider.host, provider.port);
    // A thread an exchange; the machine refusing one fails the request, not the warden.
    try {
        std::thread([upstream, id, url = provider.url + request.target, headers = std::move(headers),
                     body = request.body, internalToo, limits = m_limits] {
            CURL *curl = curl_easy_init();
            if (!curl) {
                upstream->toOwner([id](ModelDoor *d) { d->onDone(id, "libcurl could not start"); });
                return;
            }
            Writer w;
            w.upstream = upstream;
            w.curl = curl;
            w.onHead = [upstream, id](int status, std::string type) {
                upstream->toOwner([id, status, type = std::move(type)](ModelDoor *d) { d->onHead(id, status, type); });
            };
            w.onBytes = [upstream, id](QByteArray bytes) {
                upstream->toOwner([id, bytes = std::move(bytes)](ModelDoor *d) { d->onBytes(id, bytes); });
            };
            CurlAddressCheck check{internalToo, {}};
            check.attach(curl);
            curl_slist *list = nullptr;
            for (const std::string &h : headers)
                list = curl_slist_append(list, h.c_str());
            list = curl_slist_append(list, "Expect:"); // the body goes at once, as the agent sent it
            curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &w);
            curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
            curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &w);
            curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connectTimeoutSeconds));
            curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(limits.requestTimeoutSeconds));
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
            const CURLcode rc = curl_easy_perform(curl);
            long status = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            curl_slist_free_all(list);
            curl_easy_cleanup(curl);
            std::string failure;
            // A refused address fails the exchange only if no other address served it.
            if (rc != CURLE_OK && !check.refused.empty())
                failure = "the provider's address " + check.refused +
                          " is internal, and its destination is not declared internal";
            else if (rc != CURLE_OK && !upstream->stopped.load())
                failure = std::string("the request failed: ") + curl_easy_strerror(rc);
            if (!w.headSeen && failure.empty()) // an answer without a body
                upstream->toOwner([id, status](ModelDoor *d) { d->onHead(id, static_cast<int>(status), {}); });
            upstream->toOwner([id, failure](ModelDoor *d) { d->onDone(id, failure); });
        }).detach();
    } catch (const std::system_error &) {
        c.upstream.reset();
        respond(id, 503, "the warden cannot start another exchange now");
        finishRequest(id);
    }
}

void ModelDoor::onHead(quint64 id, int status, const std::string &contentType)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket || it->second.headSent)
        return;
    Client &c = it->second;
    c.status = status;
    c.contentType = contentType;
    c.headSent = true;
    // Only what the agent's client needs: the status, the type, chunked framing.
    std::string type = contentType.empty() ? std::string("application/json") : contentType;
    type.erase(std::remove_if(type.begin(), type.end(), [](char ch) { return ch == '\r' || ch == '\n'; }), type.end());
    const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) +
                             "\r\nContent-Type: " + type.substr(0, 200) +
                             "\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
    c.socket->write(head.data(), static_cast<qint64>(head.size()));
}

void ModelDoor::onBytes(quint64 id, const QByteArray &bytes)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket || bytes.isEmpty())
        return;
    Client &c = it->second;
    if (c.kept.size() < m_limits.maxKeptAnswer)
        c.kept += bytes.left(m_limits.maxKeptAnswer - c.kept.size());
    // Each piece as it comes: a streamed answer reaches the agent unbuffered.
    const QByteArray size = QByteArray::number(bytes.size(), 16) + "\r\n";
    c.socket->write(size);
    c.socket->write(bytes);
    c.socket->write("\r\n", 2);
    if (c.socket->bytesToWrite() > m_limits.maxUnsentBytes) {
        Q_EMIT protocolViolation(tr("the agent did not read its model's answer (%1 bytes unread); the connection "
                                    "was closed")
                                     .arg(c.socket->bytesToWrite()));
        drop(id);
    }
}

void ModelDoor::onDone(quint64 id, const std::string &failure)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &c = it->second;
    c.upstream.reset();
    const ModelTurn turn = ModelTurn::read(
        c.api, c.contentType, std::string_view(c.kept.constData(), static_cast<std::size_t>(c.kept.size())));
    if (failure.empty())
        m_tokens[c.provider] += turn.inputTokens + turn.outputTokens;
    Q_EMIT answered(c.seq, QString::fromStdString(c.provider), c.status, turn, QString::fromStdString(failure));
    if (!c.socket)
        return;
    if (!failure.empty()) {
        if (c.headSent) { // cut off mid-answer: the agent must see it ended early
            drop(id);
            return;
        }
        respond(id, 502, "the model provider could not be reached: " + failure);
    } else {
        c.socket->write("0\r\n\r\n", 5);
    }
    finishRequest(id);
}

void ModelDoor::respond(quint64 id, int status, const std::string &message)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end() || !it->second.socket)
        return;
    // In the shape each SDK reads an error in: {"error": {"message": ...}}.
    const std::string body = nlohmann::json{{"error", {{"type", "warden"}, {"message", message}}}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) +
                             "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\n\r\n";
    const std::string whole = head + body;
    it->second.socket->write(whole.data(), static_cast<qint64>(whole.size()));
}

void ModelDoor::finishRequest(quint64 id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    it->second.busy = false;
    it->second.timer->start(m_limits.headTimeoutMs);
    // A request that came meanwhile is next.
    QMetaObject::invokeMethod(
        this, [this, id] { onReadable(id); }, Qt::QueuedConnection);
}

void ModelDoor::drop(quint64 id, bool afterAnswer)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client c = std::move(it->second);
    m_clients.erase(it);
    for (auto &[name, waiting] : m_keyWaiting) // a request that waited for the keychain goes with its client
        std::erase_if(waiting, [id](const auto &entry) { return entry.first == id; });
    if (c.upstream)
        c.upstream->stop();
    if (c.timer)
        c.timer->deleteLater();
    if (c.socket) {
        c.socket->disconnect(this);
        if (afterAnswer) { // what was written goes first
            QLocalSocket *socket = c.socket;
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromServer();
            if (socket->state() == QLocalSocket::UnconnectedState)
                socket->deleteLater();
        } else {
            c.socket->abort();
            c.socket->deleteLater();
        }
    }
}

} // namespace warden
