#include "core/mcp/McpProtocol.h"

#include "core/json/JsonLookup.h"

#include <algorithm>

namespace warden::McpProtocol {

using nlohmann::json;

const std::vector<std::string> &versions()
{
    static const std::vector<std::string> known = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
    return known;
}

bool speaks(const std::string &version)
{
    const auto &known = versions();
    return std::find(known.begin(), known.end(), version) != known.end();
}

bool isListing(const std::string &method)
{
    return method == "tools/list" || method == "resources/list" || method == "resources/templates/list" ||
           method == "prompts/list";
}

bool isLogLevel(const std::string &level)
{
    for (const char *known : {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"})
        if (level == known)
            return true;
    return false;
}

bool notificationPassesThrough(const std::string &method)
{
    return method == "notifications/progress" || method == "notifications/message" ||
           method == "notifications/tools/list_changed" || method == "notifications/resources/list_changed" ||
           method == "notifications/resources/updated" || method == "notifications/prompts/list_changed";
}

json offeredToClient(const json &result, const std::string &server, std::string &error)
{
    const std::string version = JsonLookup::stringOr(result, "protocolVersion");
    if (!speaks(version)) {
        error = "MCP server \"" + server + "\" speaks protocol version \"" + version.substr(0, 32) +
                "\", which this Warden does not";
        return nullptr;
    }
    // Only what Warden carries through is offered to the client.
    json capabilities = json::object();
    if (const json *offered = JsonLookup::find(result, "capabilities"); offered && offered->is_object())
        for (const char *name : {"tools", "resources", "prompts", "logging", "completions"})
            if (const json *c = JsonLookup::find(*offered, name); c && c->is_object())
                capabilities[name] = *c;
    json info = {{"name", "warden:" + server}, {"version", "1"}};
    if (const json *named = JsonLookup::find(result, "serverInfo"))
        if (std::string name = JsonLookup::stringOr(*named, "name"); !name.empty())
            info["name"] = name.substr(0, 128) + " (through Warden)";
    json answer = {{"protocolVersion", version}, {"capabilities", capabilities}, {"serverInfo", info}};
    if (std::string instructions = JsonLookup::stringOr(result, "instructions"); !instructions.empty())
        answer["instructions"] = instructions.substr(0, 8192);
    return answer;
}

} // namespace warden::McpProtocol
