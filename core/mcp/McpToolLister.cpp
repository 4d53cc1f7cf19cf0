#include "core/mcp/McpToolLister.h"

#include "core/json/JsonLookup.h"
#include "core/mcp/McpMessage.h"
#include "core/mcp/McpProtocol.h"
#include "core/mcp/McpServerLink.h"
#include "core/mcp/McpSession.h"

#include <QTimer>

namespace warden {

McpToolLister::McpToolLister(McpServerRule server, McpServerLink *link, int timeoutMs, QObject *parent)
    : QObject(parent), m_server(std::move(server)), m_link(link), m_timer(new QTimer(this))
{
    link->setParent(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(timeoutMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        finish(fail("MCP server \"" + m_server.name + "\" did not list its tools within " +
                    std::to_string(m_timer->interval() / 1000) + " s"));
    });
    connect(m_link, &McpServerLink::message, this, &McpToolLister::onMessage);
    connect(m_link, &McpServerLink::ended, this, [this](const QString &why) { finish(fail(why.toStdString())); });
}

McpToolLister::~McpToolLister() = default;

void McpToolLister::start(Done done)
{
    m_done = std::move(done);
    m_timer->start();
    m_link->start();
    request("initialize", {{"protocolVersion", McpProtocol::versions().front()},
                           {"capabilities", nlohmann::json::object()},
                           {"clientInfo", {{"name", "wardenctl-declare"}, {"version", "1"}}}});
}

void McpToolLister::request(const std::string &method, const nlohmann::json &params)
{
    nlohmann::json message = {{"jsonrpc", "2.0"}, {"id", m_nextId++}, {"method", method}};
    if (!params.empty())
        message["params"] = params;
    m_link->send(message);
}

void McpToolLister::onMessage(const nlohmann::json &raw)
{
    const McpMessage m = McpMessage::fromJson(raw);
    if (m.kind == McpMessage::Kind::Request) {
        m_link->send(McpMessage::errorReply(m.id, -32601, "refused by Warden"));
        return;
    }
    if (m.kind != McpMessage::Kind::Response)
        return; // notifications (logging) and noise
    if (!m.error.is_null() && m_initialized && m_listing != "tools/list") {
        listNext(); // a listing it advertised and will not give: it is left out, not the whole server
        return;
    }
    if (!m.error.is_null()) {
        finish(fail("MCP server \"" + m_server.name +
                    "\" answered with an error: " + m.error.at("message").get<std::string>().substr(0, 512)));
        return;
    }
    if (!m_initialized) {
        if (!McpProtocol::speaks(JsonLookup::stringOr(m.result, "protocolVersion"))) {
            finish(fail("MCP server \"" + m_server.name + "\" speaks no protocol version this Warden does"));
            return;
        }
        m_initialized = true;
        if (const nlohmann::json *capabilities = JsonLookup::find(m.result, "capabilities");
            capabilities && capabilities->is_object())
            m_capabilities = *capabilities;
        m_link->send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
        m_listing = "tools/list";
        request(m_listing, nlohmann::json::object());
        return;
    }
    // Each listing's items, under its own key and the one field each must have.
    const bool tools = m_listing == "tools/list";
    const bool prompts = m_listing == "prompts/list";
    const bool resources = m_listing == "resources/list";
    const char *key = tools ? "tools" : prompts ? "prompts" : resources ? "resources" : "resourceTemplates";
    const char *field = tools || prompts ? "name" : resources ? "uri" : "uriTemplate";
    std::vector<nlohmann::json> &into = tools       ? m_found.tools
                                        : prompts   ? m_found.prompts
                                        : resources ? m_found.resources
                                                    : m_found.templates;
    const nlohmann::json *items = JsonLookup::find(m.result, key);
    if (!items || !items->is_array()) {
        finish(fail("MCP server \"" + m_server.name + "\" answered " + m_listing + " without a \"" + key + "\" list"));
        return;
    }
    for (const auto &item : *items) {
        if (JsonLookup::stringOr(item, field).empty())
            continue;
        if (into.size() >= kMaxTools) {
            finish(
                fail("MCP server \"" + m_server.name + "\" lists more than " + std::to_string(kMaxTools) + " " + key));
            return;
        }
        into.push_back(item);
    }
    if (auto cursor = JsonLookup::string(m.result, "nextCursor"); cursor && ++m_pages < kMaxPages) {
        request(m_listing, {{"cursor", *cursor}});
        return;
    }
    listNext();
}

void McpToolLister::listNext()
{
    // In this order, each only if the server says it has it.
    const bool hasPrompts = m_capabilities.contains("prompts");
    const bool hasResources = m_capabilities.contains("resources");
    std::string next;
    if (m_listing == "tools/list" && hasPrompts)
        next = "prompts/list";
    else if ((m_listing == "tools/list" || m_listing == "prompts/list") && hasResources)
        next = "resources/list";
    else if (m_listing == "resources/list")
        next = "resources/templates/list";
    if (next.empty()) {
        m_found.completions = m_capabilities.contains("completions");
        if (const nlohmann::json *r = JsonLookup::find(m_capabilities, "resources"); r && r->is_object())
            m_found.subscriptions = JsonLookup::booleanOr(*r, "subscribe", false);
        finish(std::move(m_found));
        return;
    }
    m_listing = next;
    m_pages = 0;
    request(m_listing, nlohmann::json::object());
}

void McpToolLister::finish(Result<McpListing> result)
{
    if (!m_done)
        return;
    m_timer->stop();
    auto done = std::move(m_done);
    m_done = nullptr;
    m_link->stop();
    done(std::move(result));
}

} // namespace warden
