#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace warden::CodexToml {

// Reads the TOML that Codex CLI's config.toml is written in, as a JSON
// tree: tables ([a.b], [a."b c"]), keys with basic and literal strings,
// multi-line strings, integers, floats, booleans, arrays (over several
// lines too) and inline tables. Bounded (1 MiB, 32 levels) and strict: a
// key given twice, a table opened twice, or anything not TOML is an error
// naming the line. Dates and arrays of tables are refused, with the line
// (a config.toml that has them is not one this reader is for).
Result<nlohmann::json> parse(std::string_view text, const std::string &file);

// A TOML basic string for `text`, quoted and escaped.
std::string quoted(std::string_view text);

} // namespace warden::CodexToml
