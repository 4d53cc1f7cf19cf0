#pragma once

#include "core/mcp/McpRemoteServer.h"

#include <string>
#include <string_view>

namespace warden {

class Keychain;

// The bearer token of an MCP server at a URL: kept in the warden's OS
// keychain under the URL's origin, looked up when a session opens, never in
// a declaration, the sandbox or the record.
namespace McpServerToken {

// What a header can carry, and nothing a header could be split by: 1 to
// 8192 visible ASCII characters.
bool acceptable(std::string_view token);

// The lookup McpRemoteServer asks once its destination is admitted. The
// keychain must outlive no one: a lookup after it is gone answers none.
McpRemoteServer::TokenLookup fromKeychain(Keychain *keychain, const std::string &origin);

} // namespace McpServerToken

} // namespace warden
