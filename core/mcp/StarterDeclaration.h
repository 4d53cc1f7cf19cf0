#pragma once

#include "core/common/Error.h"
#include "core/mcp/McpListing.h"
#include "core/policy/Declaration.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace warden {

// A first declaration for an agent that uses one MCP server, from the tools
// the server lists (wardenctl declare --from-mcp): every tool needs a
// reviewer's approval, and each parameter is typed from its JSON Schema,
// for a person to tighten. The text is checked with Declaration::parse
// before it is handed out.
namespace StarterDeclaration {

Result<std::string> fromTools(const McpServerRule &server, const std::string &agent,
                              const std::vector<nlohmann::json> &tools);
// The same for an agent that uses several servers (declare --from-agent-config).
// Prompts, resources and completions each server lists are declared too.
Result<std::string> fromServers(const std::vector<std::pair<McpServerRule, McpListing>> &servers,
                                const std::string &agent);

// One parameter's rule from its JSON Schema property (exposed for tests).
nlohmann::json paramRule(const std::string &name, const nlohmann::json &schema, bool required,
                         const std::string &pathScope);

} // namespace StarterDeclaration

} // namespace warden
