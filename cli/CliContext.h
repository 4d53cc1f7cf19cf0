#pragma once

#include "cli/TerminalStyle.h"
#include "cli/TerminalText.h"
#include "core/common/Error.h"

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
        err << "wardenctl: " << TerminalText::printable(message) << '\n';
        return 2;
    }

    // An error on stderr. Messages quote what was read (a declaration's
    // values, a trace's fields, a host's answer): control characters escaped.
    void printError(const Error &error) const { err << TerminalText::printable(error.toString()) << '\n'; }
};

// Exit codes shared by every command.
enum ExitCode : int { kExitOk = 0, kExitFinding = 1, kExitBadInput = 2 };

} // namespace warden
