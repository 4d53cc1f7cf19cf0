#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace warden::McpToolDigest {

// What pins an MCP tool's definition: "sha256:" and the hex SHA-256 of the
// whole tool object as the server lists it, every field (name, title,
// description, schemas, annotations, _meta, icons: all of it reaches the
// model), keys sorted so that the digest is the definition's, not its
// layout's. A server that changes any of it after a reviewer pinned the
// tool (a "rug pull") no longer matches.
std::string of(const nlohmann::json &tool);

} // namespace warden::McpToolDigest
