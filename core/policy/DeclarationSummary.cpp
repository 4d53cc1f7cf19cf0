#include "core/policy/DeclarationSummary.h"

#include <algorithm>

namespace warden {

namespace {

std::string joined(const std::vector<std::string> &items, const std::string &none)
{
    if (items.empty())
        return none;
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string describeTool(const ToolRule &tool)
{
    std::vector<std::string> params;
    for (const auto &[name, rule] : tool.params) {
        std::string p = name + ": " + paramTypeName(rule.type);
        if (!rule.within.empty())
            p += " within " + joined(rule.within, "");
        if (!rule.allowText.empty())
            p += " (" + std::to_string(rule.allowText.size()) + " allowed commands)";
        if (!rule.deny.empty())
            p += " (" + std::to_string(rule.deny.size()) + " deny patterns)";
        if (rule.optional)
            p += ", optional";
        params.push_back(std::move(p));
    }
    std::string text = tool.name;
    if (!params.empty())
        text += " (" + joined(params, "") + ")";
    if (tool.hours)
        text += " [time window]";
    return text;
}

} // namespace

std::vector<std::pair<std::string, std::string>> summarizeDeclaration(const Declaration &d)
{
    std::vector<const ToolRule *> tools;
    for (const auto &[name, tool] : d.tools)
        tools.push_back(&tool);
    std::sort(tools.begin(), tools.end(), [](const ToolRule *a, const ToolRule *b) { return a->name < b->name; });
    std::vector<std::string> free;
    std::vector<std::string> approval;
    for (const ToolRule *tool : tools)
        (tool->approvalRequired ? approval : free).push_back(describeTool(*tool));
    std::vector<std::string> destinations;
    for (const auto &dest : d.destinations)
        destinations.push_back(dest.text());
    std::vector<std::string> internal;
    for (const auto &dest : d.internalDestinations)
        internal.push_back(dest.text());
    // Each MCP server with what Warden starts and what its
    // sandbox mounts: the server's reach is part of the agent's.
    std::vector<std::string> servers;
    for (const auto &[name, server] : d.mcpServers) {
        std::string argv;
        for (const auto &word : server.command)
            argv += (argv.empty() ? "" : " ") + word;
        std::string text = name + ": " + argv + " (stdio, own sandbox";
        if (!server.dataDir.empty())
            text += ", writes " + server.dataDir;
        if (!server.codeDir.empty())
            text += ", reads " + server.codeDir;
        text += ")";
        servers.push_back(std::move(text));
    }
    return {
        {"Agent", d.agent},
        {"Purpose", d.purpose},
        {"Tools", joined(free, "none")},
        {"Needs approval", joined(approval, "none")},
        {"Network", joined(destinations, "none: every connection is undeclared")},
        {"Internal addresses", joined(internal, "none: destinations are reached at public addresses only")},
        {"Secrets", joined(d.secrets, "none")},
        {"Reads", joined(d.readScopes, "none")},
        {"Writes", joined(d.writeScopes, "none")},
        {"Processes", joined(d.processes, "none")},
        {"MCP servers", joined(servers, "none")},
        {"SHA-256", d.sha256},
    };
}

} // namespace warden
