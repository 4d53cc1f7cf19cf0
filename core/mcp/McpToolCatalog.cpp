#include "core/mcp/McpToolCatalog.h"

#include "core/json/JsonLookup.h"
#include "core/mcp/McpToolDigest.h"

namespace warden {

using nlohmann::json;

McpToolCatalog::McpToolCatalog(std::shared_ptr<const Declaration> declaration, std::string server, std::size_t maxTools,
                               Events events)
    : m_declaration(std::move(declaration)),
      m_server(std::move(server)),
      m_maxTools(maxTools),
      m_events(std::move(events))
{}

const McpToolCatalog::Tool *McpToolCatalog::find(const std::string &name) const
{
    auto it = m_tools.find(name);
    return it == m_tools.end() ? nullptr : &it->second;
}

const std::string *McpToolCatalog::held(const std::string &name) const
{
    auto it = m_held.find(name);
    return it == m_held.end() ? nullptr : &it->second;
}

json McpToolCatalog::filtered(const json &result)
{
    json out = json::object();
    json tools = json::array();
    const json *listed = JsonLookup::find(result, "tools");
    if (!listed || !listed->is_array()) {
        m_events.serverProblem(QStringLiteral("MCP server \"%1\" answered tools/list without a tool list")
                                   .arg(QString::fromStdString(m_server)));
    } else {
        // A name listed twice is ambiguous: which one would a call run?
        std::map<std::string, int> seen;
        for (const json &tool : *listed)
            ++seen[JsonLookup::stringOr(tool, "name")];
        for (const json &tool : *listed) {
            const std::string name = JsonLookup::stringOr(tool, "name");
            if (name.empty() || name.find('/') != std::string::npos ||
                !m_declaration->tools.contains(m_server + "." + name))
                continue; // undeclared (or named like Warden's own methods): the agent never sees it
            if (seen[name] > 1) {
                const std::string why = "MCP server \"" + m_server + "\" lists " + name +
                                        " more than once: it is held, since a call could run either";
                if (m_held[name] != why) {
                    m_held[name] = why;
                    m_events.serverProblem(QString::fromStdString(why));
                }
                continue;
            }
            Tool info{JsonLookup::stringOr(tool, "description").substr(0, 4096), nullptr, {}};
            // Kept for the reviewer's card and the approval record: a schema
            // past 16 KiB is the server padding it, and is left out.
            if (const json *schema = JsonLookup::find(tool, "inputSchema");
                schema && schema->is_object() && schema->dump().size() <= 16 * 1024)
                info.inputSchema = *schema;
            info.digest = McpToolDigest::of(tool);
            auto known = m_tools.find(name);
            const std::string &pinned = m_declaration->tools.at(m_server + "." + name).pinned;
            if (!pinned.empty() && info.digest != pinned) {
                // A rug pull, or an update nobody reviewed: hidden and refused.
                if (!m_held.contains(name)) {
                    const std::string full = m_server + "." + name;
                    m_held[name] = "the definition of " + full + " changed since it was pinned (pinned " +
                                   pinned.substr(0, 19) + "…, listed now " + info.digest.substr(0, 19) +
                                   "…): it is held until the declaration pins the new one";
                    const auto definition = [](const Tool &t) {
                        return json{{"description", t.description}, {"inputSchema", t.inputSchema}};
                    };
                    m_events.toolHeld(
                        {{"tool", full},
                         {"pinned", pinned},
                         {"now", info.digest},
                         {"was", known != m_tools.end() && known->second.digest == pinned ? definition(known->second)
                                                                                          : json()},
                         {"becomes", definition(info)}});
                }
                continue;
            }
            m_held.erase(name);
            if (known != m_tools.end() &&
                (known->second.description != info.description || known->second.inputSchema != info.inputSchema))
                m_events.serverProblem(QStringLiteral("MCP server \"%1\" changed the definition of tool \"%2\"")
                                           .arg(QString::fromStdString(m_server), QString::fromStdString(name)));
            if (known != m_tools.end() || m_tools.size() < m_maxTools)
                m_tools[name] = info;
            tools.push_back(tool);
        }
    }
    out["tools"] = tools;
    if (rememberCursor(result))
        out["nextCursor"] = *JsonLookup::find(result, "nextCursor");
    return out;
}

bool McpToolCatalog::rememberCursor(const json &result)
{
    const json *cursor = JsonLookup::find(result, "nextCursor");
    if (!cursor || !cursor->is_string() || cursor->get_ref<const std::string &>().size() > kMaxCursorBytes)
        return false;
    if (m_cursors.size() >= kMaxCursors)
        m_cursors.clear(); // a client paging past 64 listings starts again
    m_cursors.insert(cursor->get<std::string>());
    return true;
}

} // namespace warden
