#pragma once

#include "core/policy/Declaration.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace warden {

// What one MCP session knows of its server's tools: each declared tool's
// definition as listed (for a reviewer's card), the tools held (a pinned
// tool whose definition changed, a name listed twice) with why, and the
// listing cursors the server gave (the only ones an agent may hand back).
// Bounded: at most `maxTools` definitions and kMaxCursors cursors.
class McpToolCatalog {
public:
    static constexpr std::size_t kMaxCursors = 64;
    static constexpr std::size_t kMaxCursorBytes = 4096;

    struct Tool {
        std::string description;
        nlohmann::json inputSchema;
        std::string digest; // McpToolDigest of the definition as listed
    };
    // How the session is told: a server's fault, and a held tool (the
    // tool, its pin, its digest now, and both definitions).
    struct Events {
        std::function<void(const QString &)> serverProblem;
        std::function<void(const nlohmann::json &)> toolHeld;
    };

    McpToolCatalog(std::shared_ptr<const Declaration> declaration, std::string server, std::size_t maxTools,
                   Events events);

    // tools/list's `result` as the agent sees it: the declared tools only,
    // those held left out; learns the definitions and holds what changed.
    nlohmann::json filtered(const nlohmann::json &result);
    // Remembers the `nextCursor` of a listing's result; whether it has one
    // the agent may be given.
    bool rememberCursor(const nlohmann::json &result);
    bool gave(const std::string &cursor) const { return m_cursors.contains(cursor); }

    const Tool *find(const std::string &name) const;
    // Why the tool is held, or null.
    const std::string *held(const std::string &name) const;

private:
    std::shared_ptr<const Declaration> m_declaration;
    std::string m_server;
    std::size_t m_maxTools;
    Events m_events;
    std::map<std::string, Tool> m_tools;
    std::map<std::string, std::string> m_held; // tool -> why
    std::set<std::string> m_cursors;
};

} // namespace warden
