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
    // The agent writes these names: only a tool's name goes on record, as is.
    const bool plain = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    const std::string shown = plain ? name : std::string("(unnamed)");
    if (!listed(names, shown) && names.size() < 32)
        names.push_back(shown);
}

// What one "tools" entry asks the provider to run, or "" for a tool the
// client runs itself (the agent's own functions).
std::string providerTool(ModelApi api, const json &tool)
{
    if (!tool.is_object())
        return {};
    const std::string type = JsonLookup::stringOr(tool, "type");
    switch (api) {
    case ModelApi::Anthropic: {
        // The client runs its own: custom tools, and the schema-less ones
        // the API defines for it to run (bash, the text editor, computer use, memory).
        static const std::vector<std::string> client = {
            "bash", "text_editor", "str_replace_editor", "str_replace_based_edit_tool", "computer", "memory"};
        const std::string name = ProviderTools::nameOf(type);
        return type.empty() || type == "custom" || listed(client, name) ? std::string() : name;
    }
    case ModelApi::OpenAI: {
        // The client's own: functions, custom tools, its shell, patches, computer
        // use, and a namespace of functions (how Codex CLI sends an MCP server's
        // tools: what it holds is read too).
        static const std::vector<std::string> client = {
            "function",    "custom",    "local_shell",          "shell",
            "apply_patch", "namespace", "computer_use_preview", "computer_use"};
        return type.empty() || listed(client, type) ? std::string() : type;
    }
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

bool ProviderTools::searchesByItself(const std::string &model)
{
    return model.find("search-preview") != std::string::npos || model.find("search-api") != std::string::npos;
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
            if (!name.empty() && !listed(allowed, name)) {
                note(removed, name);
                continue;
            }
            // A namespace groups tools: each of them is judged the same.
            if (auto inner = tool.is_object() ? tool.find("tools") : tool.end();
                api == ModelApi::OpenAI && tool.is_object() && inner != tool.end() && inner->is_array()) {
                json nested = {{"tools", std::move(*inner)}};
                for (auto &n : strip(api, nested, allowed))
                    note(removed, n);
                *inner = std::move(nested.at("tools"));
            }
            kept.push_back(std::move(tool));
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
