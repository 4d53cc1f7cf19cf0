#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// `wardenctl agent claude-code|codex|gemini --workspace DIR -- PROMPT`: a
// real agent CLI, unmodified, run headless on a prompt in a hardened
// sandbox under its shipped declaration (or --declaration), its workspace
// writable, its model at --model-url (declared as a destination of the run).
class AgentCommand {
public:
    static const char *help();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
};

} // namespace warden
