#include "core/mcp/McpSession.h"

#include "core/json/JsonLookup.h"
#include "core/mcp/McpJudgedForm.h"
#include "core/mcp/McpMessage.h"
#include "core/mcp/McpProtocol.h"
#include "core/mcp/McpServerLink.h"

#include <QLocalSocket>
#include <QTimer>

namespace warden {

namespace {

using nlohmann::json;

// JSON-RPC error codes (the specification's, and MCP's).
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

} // namespace

McpSession::McpSession(std::uint32_t id, QLocalSocket *agent, McpServerRule server,
                       std::shared_ptr<const Declaration> declaration, McpServerLink *link, Limits limits,
                       QObject *parent)
    : QObject(parent),
      m_id(id),
      m_agent(agent),
      m_server(std::move(server)),
      m_declaration(std::move(declaration)),
      m_limits(limits),
      m_link(link),
      m_catalog(m_declaration, m_server.name, m_limits.maxTools,
                {[this](const QString &what) { Q_EMIT serverProblem(what); },
                 [this](const json &held) { Q_EMIT toolHeld(held); }})
{
    link->setParent(this);
    if (agent) {
        agent->setParent(this);
        connect(agent, &QLocalSocket::readyRead, this, &McpSession::onAgentReadable);
        connect(agent, &QLocalSocket::disconnected, this, &McpSession::close);
    }
    connect(m_link, &McpServerLink::message, this, &McpSession::onServerMessage);
    connect(m_link, &McpServerLink::misbehaved, this, &McpSession::serverProblem);
    connect(m_link, &McpServerLink::ended, this, &McpSession::onServerEnded);
}

McpSession::~McpSession() = default;

void McpSession::start()
{
    m_link->start();
    // The hello line may have brought the first request with it.
    if (m_agent && m_agent->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &McpSession::onAgentReadable, Qt::QueuedConnection);
}

void McpSession::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_link->stop();
    for (auto &[upstreamId, w] : m_waiting) {
        if (w.deadline)
            w.deadline->stop();
        if (w.call)
            Q_EMIT callAnswered(w.call, nullptr, true,
                                QStringLiteral("the client's MCP session closed before the answer"));
    }
    m_waiting.clear();
    m_judging.clear();
    if (m_agent)
        m_agent->abort();
    Q_EMIT closed();
}

void McpSession::onAgentReadable()
{
    if (!m_agent || m_closed)
        return;
    m_buffer += m_agent->readAll();
    while (!m_closed) {
        const qsizetype newline = m_buffer.indexOf('\n');
        if (newline < 0) {
            if (m_buffer.size() > m_limits.maxLineBytes) {
                if (!m_discarding)
                    Q_EMIT agentProblem(tr("an MCP message over %1 bytes to server \"%2\"")
                                            .arg(m_limits.maxLineBytes)
                                            .arg(QString::fromStdString(m_server.name)));
                m_discarding = true;
                m_buffer.clear();
            }
            return;
        }
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        if (m_discarding) {
            m_discarding = false;
            sendError(nullptr, kInvalidRequest, "message too large");
            continue;
        }
        receive(line);
    }
}

void McpSession::receive(const QByteArray &message)
{
    if (m_closed)
        return;
    try {
        onAgentLine(message);
    } catch (const std::exception &e) {
        // A bug refuses the one message, on record; the run carries on.
        sendError(nullptr, kInternalError, "internal error: the message was refused");
        Q_EMIT agentProblem(tr("internal error on an MCP message: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

void McpSession::onAgentLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    const McpMessage m = McpMessage::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                           static_cast<std::size_t>(m_limits.maxLineBytes));
    switch (m.kind) {
    case McpMessage::Kind::Invalid:
        sendError(m.id, kInvalidRequest, "invalid message: " + m.why);
        Q_EMIT agentProblem(tr("malformed MCP message: %1").arg(QString::fromStdString(m.why)));
        return;
    case McpMessage::Kind::Notification: onAgentNotification(m.method, m.params); return;
    case McpMessage::Kind::Request:
        if (openCount() >= m_limits.maxOpen) {
            sendError(m.id, kInternalError, "too many open requests through Warden");
            Q_EMIT agentProblem(
                tr("too many open MCP requests to server \"%1\"").arg(QString::fromStdString(m_server.name)));
            return;
        }
        onAgentRequest(m.id, m.method, m.params);
        return;
    case McpMessage::Kind::Response:
        // The client answering a request of the server's: none was asked (Warden offers no client capabilities).
        Q_EMIT agentProblem(tr("an MCP response no request asked for"));
        return;
    }
}

void McpSession::onAgentRequest(const json &id, const std::string &method, const json &params)
{
    if (!m_serverGone.empty()) {
        sendError(id, kInternalError, m_serverGone);
        return;
    }
    if (method == "ping") {
        sendResult(id, json::object());
    } else if (method == "initialize") {
        const std::string asked = JsonLookup::stringOr(params, "protocolVersion");
        // The client's capabilities stay here: the server is offered none
        // (no sampling, no roots, no elicitation), so it has nothing to ask.
        forward(Upstream::Initialize, id, 0, "initialize",
                {{"protocolVersion", McpProtocol::speaks(asked) ? asked : McpProtocol::versions().front()},
                 {"capabilities", json::object()},
                 {"clientInfo", {{"name", "warden"}, {"version", "1"}}}});
    } else if (McpProtocol::isListing(method)) {
        // A cursor is the server's own, handed back: one it never gave
        // would be the agent's data reaching the server unjudged.
        json listing = json::object();
        if (const json *cursor = JsonLookup::find(params, "cursor")) {
            if (!cursor->is_string() || !m_catalog.gave(cursor->get<std::string>())) {
                sendError(id, kInvalidParams, "a cursor the server did not give");
                return;
            }
            listing["cursor"] = *cursor;
        }
        forward(method == "tools/list" ? Upstream::ToolsList : Upstream::Listing, id, 0, method, listing);
    } else if (method == "tools/call" || method == "resources/read" || method == "prompts/get" ||
               method == "completion/complete" || method == "resources/subscribe" ||
               method == "resources/unsubscribe") {
        judge(id, method, params);
    } else if (method == "logging/setLevel") {
        const std::string level = JsonLookup::stringOr(params, "level");
        if (!McpProtocol::isLogLevel(level)) {
            sendError(id, kInvalidParams, "logging/setLevel needs a \"level\" of RFC 5424's");
            return;
        }
        forward(Upstream::Listing, id, 0, method, {{"level", level}});
    } else {
        sendError(id, kMethodNotFound, "\"" + method.substr(0, 64) + "\" is not available through Warden");
    }
}

void McpSession::onAgentNotification(const std::string &method, const json &params)
{
    if (method == "notifications/initialized") {
        m_link->send({{"jsonrpc", "2.0"}, {"method", method}});
        return;
    }
    if (method != "notifications/cancelled")
        return; // roots or progress of the client's: nothing the server was offered
    const json *requestId = JsonLookup::find(params, "requestId");
    if (!requestId)
        return;
    for (auto &[call, j] : m_judging)
        if (j.agentId == *requestId)
            j.cancelled = true; // still judged and on record; never forwarded nor answered
    // A call parked for the pin check is forgotten: never judged, never forwarded.
    std::erase_if(m_parked, [&](const Parked &p) { return p.agentId == *requestId; });
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
        if (it->second.agentId != *requestId)
            continue;
        json forwarded = {{"requestId", it->first}};
        if (const json *reason = JsonLookup::find(params, "reason"); reason && reason->is_string())
            forwarded["reason"] = reason->get<std::string>().substr(0, 512);
        m_link->send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", forwarded}});
        if (it->second.call)
            Q_EMIT callAnswered(it->second.call, nullptr, true, QStringLiteral("the client cancelled the call"));
        finishWaiting(it->first);
        return;
    }
}

void McpSession::judge(const json &agentId, const std::string &method, const json &params)
{
    McpCall call;
    call.id = (static_cast<std::uint64_t>(m_id) << 32) | m_nextCall++;
    call.server = m_server.name;
    call.rpc = Action::McpCallInfo::of(method, agentId, m_server.name + "/" + std::to_string(m_id), m_protocol);
    json forwarded;
    if (method == "tools/call") {
        const std::string name = JsonLookup::stringOr(params, "name");
        const json *arguments = JsonLookup::find(params, "arguments");
        if (name.empty() || (arguments && !arguments->is_object())) {
            sendError(agentId, kInvalidParams, "tools/call needs a \"name\" and an \"arguments\" object");
            return;
        }
        // "/" names Warden's own judged methods (S.prompts/NAME,
        // S.resources/read): a tool named so would pass under their rules.
        if (name.find('/') != std::string::npos) {
            sendError(agentId, kInvalidParams, "a tool name with \"/\" is not called through Warden");
            return;
        }
        bool parked = false;
        call.held = pinProblem(name, parked);
        if (parked) {
            // Judged once the server's definition of the tool is known.
            if (m_parked.size() >= static_cast<std::size_t>(m_limits.maxOpen))
                sendError(agentId, kInternalError, "too many calls waiting for Warden's check of pinned tools");
            else
                m_parked.push_back({agentId, method, params});
            return;
        }
        call.tool = m_server.name + "." + name;
        call.params = arguments ? *arguments : json::object();
        forwarded = {{"name", name}, {"arguments", call.params}};
        if (const McpToolCatalog::Tool *known = m_catalog.find(name)) {
            call.description = known->description;
            call.inputSchema = known->inputSchema;
        }
    } else {
        auto form = McpJudgedForm::of(m_server.name, method, params);
        if (!form) {
            sendError(agentId, kInvalidParams, form.error().message);
            return;
        }
        call.tool = std::move(form->tool);
        call.params = std::move(form->params);
        forwarded = std::move(form->forwarded);
    }
    // Only what was judged is forwarded; a progress token is swapped for Warden's own.
    m_judging[call.id] = {agentId, method, std::move(forwarded), false, McpJudgedForm::progressToken(params)};
    Q_EMIT callReceived(call);
}

std::string McpSession::pinProblem(const std::string &tool, bool &parked)
{
    parked = false;
    if (const std::string *held = m_catalog.held(tool))
        return *held; // changed since pinned, or listed twice
    const auto rule = m_declaration->tools.find(m_server.name + "." + tool);
    if (rule == m_declaration->tools.end() || rule->second.pinned.empty())
        return {};
    if (const McpToolCatalog::Tool *known = m_catalog.find(tool))
        return known->digest == rule->second.pinned ? std::string()
                                                    : "the definition of " + rule->first + " does not match its pin";
    if (m_pinChecked)
        return "MCP server \"" + m_server.name + "\" does not list " + rule->first +
               ", which is pinned: its definition cannot be checked";
    // The client called without listing: Warden lists for itself first.
    parked = true;
    if (!m_pinChecking) {
        m_pinChecking = true;
        m_pinPages = 0;
        forward(Upstream::PinCheck, nullptr, 0, "tools/list", json::object());
    }
    return {};
}

void McpSession::onPinCheck(const json *result)
{
    if (result) {
        (void)m_catalog.filtered(*result); // learns the definitions, holds what changed
        const json *next = JsonLookup::find(*result, "nextCursor");
        if (next && next->is_string() &&
            next->get_ref<const std::string &>().size() <= McpToolCatalog::kMaxCursorBytes && ++m_pinPages < 16) {
            forward(Upstream::PinCheck, nullptr, 0, "tools/list", {{"cursor", *next}});
            return;
        }
    }
    // Checked, or failed: either way no call waits again (an unchecked
    // pinned tool is refused, never let through).
    m_pinChecking = false;
    m_pinChecked = true;
    std::vector<Parked> parked = std::move(m_parked);
    m_parked.clear();
    for (const Parked &p : parked)
        judge(p.agentId, p.method, p.params);
}

std::optional<McpSession::Judging> McpSession::takeJudged(std::uint64_t call)
{
    // Every judged call ends once (callAnswered), so that nothing waits on
    // it: one the client cancelled meanwhile, or whose session closed, is
    // neither forwarded nor answered, and ends here.
    auto it = m_judging.find(call);
    if (it == m_judging.end()) {
        Q_EMIT callAnswered(call, nullptr, true, QStringLiteral("the client's MCP session had closed"));
        return std::nullopt;
    }
    Judging j = std::move(it->second);
    m_judging.erase(it);
    if (j.cancelled || m_closed) {
        Q_EMIT callAnswered(call, nullptr, true,
                            j.cancelled ? QStringLiteral("the client cancelled the call")
                                        : QStringLiteral("the client's MCP session had closed"));
        return std::nullopt;
    }
    return j;
}

void McpSession::allow(std::uint64_t call)
{
    auto j = takeJudged(call);
    if (!j)
        return;
    // A tool held while its call waited (for a reviewer, say) stays held:
    // the approval was given for the definition the card showed.
    if (j->method == "tools/call") {
        bool parked = false;
        const std::string held = pinProblem(JsonLookup::stringOr(j->params, "name"), parked);
        if (!held.empty() || parked) {
            const std::string why = held.empty() ? std::string("its pinned definition is being checked") : held;
            Q_EMIT callAnswered(call, nullptr, true, QString::fromStdString("refused after approval: " + why));
            sendRefusal(*j, why);
            return;
        }
    }
    if (!m_serverGone.empty()) {
        Q_EMIT callAnswered(call, nullptr, true, QString::fromStdString(m_serverGone));
        sendError(j->agentId, kInternalError, m_serverGone);
        return;
    }
    if (!j->progressToken.is_null()) {
        const std::string ours = "warden-" + std::to_string(call);
        j->params["_meta"] = {{"progressToken", ours}};
        m_progressTokens[ours] = j->progressToken;
    }
    forward(Upstream::Call, j->agentId, call, j->method, j->params);
}

void McpSession::refuse(std::uint64_t call, const std::string &reason)
{
    auto j = takeJudged(call);
    if (!j)
        return;
    sendRefusal(*j, reason);
}

void McpSession::sendRefusal(const Judging &j, const std::string &reason)
{
    // A tool's refusal is a result the model reads; other methods' an error.
    const std::string text = "Warden refused this call: " + reason;
    if (j.method == "tools/call")
        sendResult(j.agentId, {{"content", json::array({{{"type", "text"}, {"text", text}}})}, {"isError", true}});
    else
        sendError(j.agentId, kInvalidRequest, text);
}

void McpSession::forward(Upstream kind, const json &agentId, std::uint64_t call, const std::string &method,
                         const json &params)
{
    const std::int64_t upstreamId = m_nextUpstreamId++;
    Waiting w{kind, agentId, call, new QTimer(this)};
    w.deadline->setSingleShot(true);
    connect(w.deadline, &QTimer::timeout, this, [this, upstreamId] {
        auto it = m_waiting.find(upstreamId);
        if (it == m_waiting.end())
            return;
        const std::string why = "MCP server \"" + m_server.name + "\" did not answer within " +
                                std::to_string(m_limits.callTimeoutMs / 1000) + " s";
        Q_EMIT serverProblem(QString::fromStdString(why));
        if (it->second.kind == Upstream::PinCheck) {
            finishWaiting(upstreamId);
            onPinCheck(nullptr);
            return;
        }
        if (it->second.call)
            Q_EMIT callAnswered(it->second.call, nullptr, true, QString::fromStdString(why));
        sendError(it->second.agentId, kInternalError, why);
        m_link->send({{"jsonrpc", "2.0"},
                      {"method", "notifications/cancelled"},
                      {"params", {{"requestId", upstreamId}, {"reason", "timed out at the warden"}}}});
        finishWaiting(upstreamId);
    });
    w.deadline->start(m_limits.callTimeoutMs);
    m_waiting.emplace(upstreamId, w);
    json message = {{"jsonrpc", "2.0"}, {"id", upstreamId}, {"method", method}};
    if (!params.empty())
        message["params"] = params;
    m_link->send(message);
}

void McpSession::finishWaiting(std::int64_t upstreamId)
{
    auto it = m_waiting.find(upstreamId);
    if (it == m_waiting.end())
        return;
    if (it->second.deadline)
        it->second.deadline->deleteLater();
    if (it->second.call)
        m_progressTokens.erase("warden-" + std::to_string(it->second.call));
    m_waiting.erase(it);
}

void McpSession::onServerMessage(const json &message)
{
    if (m_closed)
        return;
    const McpMessage m = McpMessage::fromJson(message);
    const QString server = QString::fromStdString(m_server.name);
    switch (m.kind) {
    case McpMessage::Kind::Invalid:
        Q_EMIT serverProblem(
            tr("MCP server \"%1\" sent an invalid message: %2").arg(server, QString::fromStdString(m.why)));
        // A broken answer to a request still ends that request.
        if (m.id.is_number_integer())
            failWaiting(m.id.get<std::int64_t>(), "MCP server \"" + m_server.name + "\" sent a malformed response");
        return;
    case McpMessage::Kind::Request:
        // A request of the server's: only ping is answered.
        if (m.method == "ping") {
            m_link->send({{"jsonrpc", "2.0"}, {"id", m.id}, {"result", json::object()}});
            return;
        }
        m_link->send(McpMessage::errorReply(m.id, kMethodNotFound, "refused by Warden"));
        Q_EMIT serverProblem(tr("MCP server \"%1\" asked the client for \"%2\"; Warden refused")
                                 .arg(server, QString::fromStdString(m.method)));
        return;
    case McpMessage::Kind::Notification:
        if (m.method == "notifications/tools/list_changed")
            Q_EMIT serverProblem(tr("MCP server \"%1\" changed its tool list during the run").arg(server));
        if (m.method == "notifications/progress") {
            // Only for a call in flight, under the client's own token.
            const json *token = JsonLookup::find(m.params, "progressToken");
            auto ours =
                token && token->is_string() ? m_progressTokens.find(token->get<std::string>()) : m_progressTokens.end();
            if (ours == m_progressTokens.end())
                return;
            json relayed = message;
            relayed["params"]["progressToken"] = ours->second;
            sendToAgent(relayed);
            return;
        }
        if (McpProtocol::notificationPassesThrough(m.method))
            sendToAgent(message);
        return;
    case McpMessage::Kind::Response: onServerResponse(m); return;
    }
}

void McpSession::failWaiting(std::int64_t upstreamId, const std::string &why)
{
    auto it = m_waiting.find(upstreamId);
    if (it == m_waiting.end())
        return;
    const Waiting w = it->second;
    finishWaiting(upstreamId);
    if (w.kind == Upstream::PinCheck) {
        onPinCheck(nullptr); // the parked calls are judged (and refused): none waits for good
        return;
    }
    if (w.call)
        Q_EMIT callAnswered(w.call, nullptr, true, QString::fromStdString(why));
    sendError(w.agentId, kInternalError, why);
}

void McpSession::onServerResponse(const McpMessage &message)
{
    if (!message.id.is_number_integer()) {
        Q_EMIT serverProblem(
            tr("MCP server \"%1\" sent a response with no id of Warden's").arg(QString::fromStdString(m_server.name)));
        return;
    }
    const std::int64_t upstreamId = message.id.get<std::int64_t>();
    auto it = m_waiting.find(upstreamId);
    if (it == m_waiting.end())
        return; // answered late, after a cancel or a timeout: dropped
    const Waiting w = it->second;
    finishWaiting(upstreamId);
    if (!message.error.is_null() && w.kind == Upstream::PinCheck) {
        onPinCheck(nullptr);
        return;
    }
    if (!message.error.is_null()) {
        const std::int64_t raw = message.error.at("code").get<std::int64_t>();
        const int code = raw < INT32_MIN || raw > INT32_MAX ? kInternalError : static_cast<int>(raw);
        const std::string text = message.error.at("message").get<std::string>().substr(0, 4096);
        if (w.call)
            Q_EMIT callAnswered(w.call, nullptr, true, QString::fromStdString(text));
        sendError(w.agentId, code, text.empty() ? "the server failed" : text);
        return;
    }
    const json &result = message.result;
    switch (w.kind) {
    case Upstream::Initialize: {
        std::string why;
        json answer = McpProtocol::offeredToClient(result, m_server.name, why);
        if (!why.empty()) {
            Q_EMIT serverProblem(QString::fromStdString(why));
            sendError(w.agentId, kInternalError, why);
            return;
        }
        m_protocol = JsonLookup::stringOr(answer, "protocolVersion").substr(0, Action::McpCallInfo::kMaxField);
        sendResult(w.agentId, answer);
        return;
    }
    case Upstream::ToolsList: sendResult(w.agentId, m_catalog.filtered(result)); return;
    case Upstream::PinCheck: onPinCheck(&result); return;
    case Upstream::Call: {
        Q_EMIT callAnswered(w.call, result, JsonLookup::booleanOr(result, "isError", false), {});
        sendResult(w.agentId, result);
        return;
    }
    case Upstream::Listing:
        m_catalog.rememberCursor(result);
        sendResult(w.agentId, result);
        return;
    }
}

void McpSession::onServerEnded(const QString &why)
{
    m_serverGone = why.toStdString();
    Q_EMIT serverProblem(why);
    for (const Parked &p : std::exchange(m_parked, {}))
        sendError(p.agentId, kInternalError, m_serverGone);
    m_pinChecking = false;
    // Every open request gets its error now: nothing will answer it.
    const auto waiting = m_waiting;
    for (const auto &[upstreamId, w] : waiting) {
        if (w.call)
            Q_EMIT callAnswered(w.call, nullptr, true, why);
        sendError(w.agentId, kInternalError, m_serverGone);
        finishWaiting(upstreamId);
    }
}

void McpSession::sendResult(const json &id, const json &result)
{
    sendToAgent({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

void McpSession::sendError(const json &id, int code, const std::string &message)
{
    sendToAgent(McpMessage::errorReply(id, code, message));
}

void McpSession::sendToAgent(const json &message)
{
    if (m_closed)
        return;
    if (!m_agent) {
        Q_EMIT sentToAgent(message);
        return;
    }
    const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    // A client that does not read what it is sent cannot make the warden hold it.
    if (m_agent->bytesToWrite() + static_cast<qint64>(line.size()) > m_limits.maxUnreadBytes) {
        Q_EMIT agentProblem(
            tr("the MCP client left over %1 bytes unread; the session was closed").arg(m_limits.maxUnreadBytes));
        QMetaObject::invokeMethod(this, &McpSession::close, Qt::QueuedConnection);
        return;
    }
    m_agent->write(line.data(), static_cast<qint64>(line.size()));
}

} // namespace warden
