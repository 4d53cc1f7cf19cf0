#pragma once

#include "core/common/Error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::CommandLine {

// The first shell operator in `command` ("|", ";", "&", "$(", "${", "`", ">",
// "<", a newline), described for a reason line, or nullopt. Operators deny
// wherever they stand, quoted or not: a command is never run by a shell, and
// anything that might one day hand it to one must not find one.
std::optional<std::string> findShellOperator(std::string_view command);

// Splits `command` into words the way a POSIX shell would (single quotes,
// double quotes with backslash escapes, backslashes outside quotes), without
// expanding anything. An unterminated quote or a trailing backslash is an error.
Result<std::vector<std::string>> splitWords(std::string_view command);

// Glob match where '*' matches any run of characters (including none) inside
// one word and every other character matches itself.
bool globMatch(std::string_view pattern, std::string_view word);

} // namespace warden::CommandLine
