#include "core/model/ProviderTools.h"

#include "core/json/JsonLookup.h"

#include <algorithm>

namespace warden {

using nlohmann::json;

namespace {

bool listed(const std::vector<std::string> &names, const std::string &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

void note(std::vector<std::string> &names, const std::string &name)
{
    if (!listed(names, name) && names.size() < 32)
        names.push_back(name.substr(0, 64));
}

// What one "tools" entry asks the provider to run, or "" for a tool the
// client runs itself (the agent's own functions).
std::string providerTool(ModelApi api, const json &tool)
{
    if (!tool.is_object())
        return {};
    const std::string type = JsonLookup::stringOr(tool, "type");
    switch (api) {
    case ModelApi::Anthropic: return type.empty() || type == "custom" ? std::string() : ProviderTools::nameOf(type);
    case ModelApi::OpenAI:
        // The client's own: functions, custom tools, its shell, and a
        // namespace of functions (how Codex CLI sends an MCP server's tools).
        return type.empty() || type == "function" || type == "custom" || type == "local_shell" || type == "namespace"
                   ? std::string()
                   : type;
    case ModelApi::Gemini: break;
    }
    return {};
}

} // namespace

std::string ProviderTools::nameOf(const std::string &type)
{
    // "web_search_20250305" -> "web_search": a version date is not part of the name.
    const std::size_t cut = type.rfind('_');
    if (cut != std::string::npos && type.size() - cut - 1 == 8 &&
        std::all_of(type.begin() + static_cast<std::ptrdiff_t>(cut) + 1, type.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
        return type.substr(0, cut);
    return type;
}

std::vector<std::string> ProviderTools::find(ModelApi api, const json &body)
{
    json copy = body;
    return strip(api, copy, {});
}

std::vector<std::string> ProviderTools::strip(ModelApi api, json &body, const std::vector<std::string> &allowed)
{
    std::vector<std::string> removed;
    if (!body.is_object())
        return removed;
    auto tools = body.find("tools");
    if (tools != body.end() && tools->is_array()) {
        json kept = json::array();
        for (auto &tool : *tools) {
            if (api == ModelApi::Gemini && tool.is_object()) {
                // One entry can carry several: keep its functions, and only the declared others.
                json entry = json::object();
                for (auto &[key, value] : tool.items()) {
                    if (key == "functionDeclarations" || key == "function_declarations" || listed(allowed, key))
                        entry[key] = std::move(value);
                    else
                        note(removed, key);
                }
                if (!entry.empty())
                    kept.push_back(std::move(entry));
                continue;
            }
            const std::string name = providerTool(api, tool);
            if (name.empty() || listed(allowed, name))
                kept.push_back(std::move(tool));
            else
                note(removed, name);
        }
        *tools = std::move(kept);
    }
    // Fields outside "tools" that ask the same.
    for (const char *field : {"mcp_servers", "web_search_options"}) {
        const std::string name = std::string(field) == "mcp_servers" ? "mcp_servers" : "web_search";
        if (body.contains(field) && !listed(allowed, name)) {
            body.erase(field);
            note(removed, name);
        }
    }
    return removed;
}

} // namespace warden
