#pragma once

#include "cli/CliContext.h"

#include <istream>
#include <string>
#include <vector>

namespace warden {

// `wardenctl mcp-token set|remove|check URL`: the bearer token an MCP server
// at a URL takes, kept in this user's OS keychain under the URL's origin and
// sent by the warden (never the sandbox) to a server declared with
// "token": "keychain". `set` reads the token from standard input, so it is
// never in a command line; nothing here prints it.
class McpTokenCommand {
public:
    static const char *help();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    // The token as typed or piped: one line, its line ending dropped.
    static int runWithInput(const std::vector<std::string> &args, std::istream &in, CliContext &ctx);
};

} // namespace warden
