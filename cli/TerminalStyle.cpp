#include "cli/TerminalStyle.h"

#include <cstdlib>
#include <unistd.h>

namespace warden {

TerminalStyle TerminalStyle::forStdout()
{
    const char *noColor = std::getenv("NO_COLOR");
    return TerminalStyle(::isatty(STDOUT_FILENO) && !(noColor && *noColor));
}

std::string TerminalStyle::wrap(const char *code, std::string_view s) const
{
    if (!m_enabled)
        return std::string(s);
    return std::string("\033[") + code + "m" + std::string(s) + "\033[0m";
}

} // namespace warden
