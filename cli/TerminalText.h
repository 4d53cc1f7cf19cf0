#pragma once

#include <string>
#include <string_view>

namespace warden::TerminalText {

// Text from an agent, a client or a host made safe to print on a reviewer's
// terminal: control characters (C0, DEL and C1, which include ESC and CSI)
// and bytes that are not UTF-8 are shown as visible escapes (\x1b, \n,
// \u{9b}, \xff) instead of being sent. Without this, a justification with
// ANSI sequences could clear the approval prompt and write its own.
std::string printable(std::string_view text);

} // namespace warden::TerminalText
