#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl declare --from-mcp: a starter declaration from what an MCP
// server says it offers.
class DeclareCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
