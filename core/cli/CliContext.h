#pragma once

#include "cli/TerminalStyle.h"

#include <ostream>
#include <string>

namespace warden {

// Where a command writes, and how. Tests pass string streams.
struct CliContext {
    std::ostream &out;
    std::ostream &err;
    TerminalStyle style;

    // Usage or input problems: one line on stderr, exit code 2.
    int usageError(const std::string &message) const
    {
        err << "wardenctl: " << message << '\n';
        return 2;
    }
};

// Exit codes shared by every command.
enum ExitCode : int { kExitOk = 0, kExitFinding = 1, kExitBadInput = 2 };

} // namespace warden
