#pragma once

#include <string>
#include <string_view>

namespace warden {

// ANSI colour for terminal output, on only when stdout is a terminal and
// NO_COLOR is unset, so piped output stays plain text.
class TerminalStyle {
public:
    static TerminalStyle forStdout();
    static TerminalStyle plain() { return TerminalStyle(false); }

    std::string red(std::string_view s) const { return wrap("31", s); }
    std::string green(std::string_view s) const { return wrap("32", s); }
    std::string yellow(std::string_view s) const { return wrap("33", s); }
    std::string bold(std::string_view s) const { return wrap("1", s); }
    std::string dim(std::string_view s) const { return wrap("2", s); }

private:
    explicit TerminalStyle(bool enabled) : m_enabled(enabled) {}
    std::string wrap(const char *code, std::string_view s) const;
    bool m_enabled;
};

} // namespace warden
