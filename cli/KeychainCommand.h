#pragma once

#include "cli/CliContext.h"

#include <istream>
#include <string>
#include <vector>

namespace warden {

// What the warden keeps in this user's OS keychain under a URL's origin,
// and sends there itself (never into the sandbox):
//   wardenctl mcp-token set|remove|check URL   an MCP server's bearer token
//       (a server declared with "token": "keychain")
//   wardenctl model-key set|remove|check URL   a model provider's API key
//       (a provider whose key is not in the warden's environment)
// `set` reads the secret from standard input, so it is never in a command
// line; nothing here prints it.
class KeychainCommand {
public:
    enum class Kind { McpToken, ModelKey };

    static const char *help();
    static const char *modelKeyHelp();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static int runModelKey(const std::vector<std::string> &args, CliContext &ctx);
    // The secret as typed or piped: one line, its line ending dropped.
    static int runWithInput(const std::vector<std::string> &args, std::istream &in, CliContext &ctx,
                            Kind kind = Kind::McpToken);
};

} // namespace warden
