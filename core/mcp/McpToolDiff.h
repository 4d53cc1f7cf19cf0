#pragma once

#include <QStringList>

#include <nlohmann/json.hpp>

namespace warden::McpToolDiff {

// A held MCP tool (McpSession::toolHeld) as lines a reviewer reads: which
// tool, the pinned and the listed digests, what changed ("- was", "+ now")
// in its description and input schema, and how to accept it. The server's
// words are data: each shown on one line, cut at 400 characters.
QStringList lines(const nlohmann::json &held);

} // namespace warden::McpToolDiff
