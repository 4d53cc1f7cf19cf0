#pragma once

#include "cli/CliContext.h"
#include "core/common/Error.h"
#include "core/mcp/McpListing.h"
#include "core/policy/Declaration.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace warden {

class CliArgs;

// wardenctl declare --from-mcp: a starter declaration from what an MCP
// server says it offers; --from-agent-config: the same for every server an
// agent CLI's MCP configuration names, with that configuration rewritten to
// reach them through warden-mcp.
class DeclareCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();

private:
    static int fromAgentConfig(const CliArgs &args, CliContext &ctx);
    // The server's tools (every page), started in its sandbox or reached at its URL.
    static Result<McpListing> listTools(const McpServerRule &server, int timeoutSeconds);
};

} // namespace warden
