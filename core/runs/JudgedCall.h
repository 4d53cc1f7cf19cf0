#pragma once

#include "core/gateway/GatewayAnswer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace warden {

// A tool call a door brought, once it is judged and on record: the agent
// SDK's through the gateway, or an MCP client's through the MCP bridge.
// The door supplies how the call is answered, and, when the far side
// carries the call out itself (an MCP server), how it is let through;
// CallRouter does the rest the same for every door.
struct JudgedCall {
    std::string key;  // the door's own key for it, unique among calls in flight ("mcp:7", "gateway:3:req-1")
    std::string id;   // as the agent named it, for the response record
    std::string tool; // as declared ("read_file", "files.write_file")
    nlohmann::json params;
    std::int64_t actionSeq = 0; // the action it is: the response record names it
    // What the tool says of itself (an MCP server's listing), for a reviewer.
    std::string description;
    nlohmann::json inputSchema;

    // Answers the agent: the decision, why, and what the warden's executor
    // returned (null when nothing ran).
    std::function<void(GatewayAnswer answer, const std::string &reason, const nlohmann::json &result)> reply;
    // Set by a door whose far side carries the call out: lets it through
    // there, with how it was decided; the far side's answer comes back to
    // CallRouter::answered. Unset: the warden's executor runs it.
    std::function<void()> forward;
};

} // namespace warden
