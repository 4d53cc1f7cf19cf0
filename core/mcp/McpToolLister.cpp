#include "core/mcp/McpToolLister.h"

#include "core/json/JsonLookup.h"
#include "core/mcp/McpMessage.h"
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
    request("initialize", {{"protocolVersion", McpSession::protocolVersions().front()},
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
    if (!m.error.is_null()) {
        finish(fail("MCP server \"" + m_server.name +
                    "\" answered with an error: " + m.error.at("message").get<std::string>().substr(0, 512)));
        return;
    }
    if (!m_initialized) {
        if (!McpSession::speaks(JsonLookup::stringOr(m.result, "protocolVersion"))) {
            finish(fail("MCP server \"" + m_server.name + "\" speaks no protocol version this Warden does"));
            return;
        }
        m_initialized = true;
        m_link->send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
        request("tools/list", nlohmann::json::object());
        return;
    }
    const nlohmann::json *tools = JsonLookup::find(m.result, "tools");
    if (!tools || !tools->is_array()) {
        finish(fail("MCP server \"" + m_server.name + "\" answered tools/list without a tool list"));
        return;
    }
    for (const auto &tool : *tools) {
        if (JsonLookup::stringOr(tool, "name").empty())
            continue;
        if (m_tools.size() >= kMaxTools) {
            finish(
                fail("MCP server \"" + m_server.name + "\" lists more than " + std::to_string(kMaxTools) + " tools"));
            return;
        }
        m_tools.push_back(tool);
    }
    if (auto cursor = JsonLookup::string(m.result, "nextCursor"); cursor && ++m_pages < kMaxPages) {
        request("tools/list", {{"cursor", *cursor}});
        return;
    }
    finish(m_tools);
}

void McpToolLister::finish(Result<std::vector<nlohmann::json>> result)
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
