#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace warden::McpProtocol {

// What this warden carries of MCP, between a client and a server.

// The protocol versions it speaks, newest first.
const std::vector<std::string> &versions();
bool speaks(const std::string &version);

// Listings an agent may ask for: they read nothing the declaration governs,
// and carry nothing of the agent's but a cursor the server itself gave.
bool isListing(const std::string &method);
// logging/setLevel's levels (RFC 5424's, as MCP names them).
bool isLogLevel(const std::string &level);
// Notifications from the server that the client may see as they are.
bool notificationPassesThrough(const std::string &method);

// The client's answer to initialize, from the server's `result`: only the
// capabilities Warden carries through, the server's name marked as through
// Warden (`server` when it gives none), its instructions cut to 8 KiB.
// Null, and `error` said, when the server speaks a version Warden does not.
nlohmann::json offeredToClient(const nlohmann::json &result, const std::string &server, std::string &error);

} // namespace warden::McpProtocol
