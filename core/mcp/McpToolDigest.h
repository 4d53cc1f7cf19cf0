#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace warden::McpToolDigest {

// What pins an MCP tool's definition: "sha256:" and the hex SHA-256 of its
// title, description, input and output schemas and annotations, as the
// server lists them (keys sorted, so the digest is the definition's, not
// its layout's). A server that changes any of them after a reviewer pinned
// the tool (a "rug pull") no longer matches.
std::string of(const nlohmann::json &tool);

} // namespace warden::McpToolDigest
