#pragma once

#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace warden {

// One MCP request the warden judges before a server sees it: a tools/call,
// a resources/read or a prompts/get, named as the declaration names it.
struct McpCall {
    std::uint64_t id = 0; // the bridge's own, for allow() and refuse()
    std::string server;
    // The protocol's names for it, as the record keeps them: the method
    // ("tools/call", "resources/read", "prompts/get"), the client's
    // JSON-RPC id, the session and the protocol version it agreed.
    Action::McpCallInfo rpc;
    // The declared tool it is judged as: "SERVER.TOOL" for a tools/call,
    // "SERVER.resources/read" (params {"uri"}) and "SERVER.prompts/get"
    // (params {"name", "arguments"}) for the others.
    std::string tool;
    nlohmann::json params = nlohmann::json::object();
    // From the server's tools/list, for the reviewer (empty if never listed).
    std::string description;
    nlohmann::json inputSchema;
    // Set when the tool is pinned and its server's definition no longer
    // matches (or cannot be checked): the call is refused with this reason.
    std::string held;
};

} // namespace warden
