#pragma once

#include "core/common/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace warden {

// A small, strict argument parser for wardenctl's subcommands: long options
// with a value ("--db PATH" or "--db=PATH"), flags, positionals, and "--"
// after which everything is positional. Unknown options are errors.
class CliArgs {
public:
    struct Spec {
        std::set<std::string> valued; // e.g. "--db"
        std::set<std::string> flags;  // e.g. "--json"
    };

    static Result<CliArgs> parse(const std::vector<std::string> &args, const Spec &spec);

    bool flag(const std::string &name) const { return m_flags.contains(name); }
    std::optional<std::string> value(const std::string &name) const;
    // A whole number in [min, max], or `fallback` when the option is absent.
    // Anything else ("12s", "", "9999999999") is an error naming the option
    // and its range.
    Result<int> integer(const std::string &name, int min, int max, int fallback) const;
    const std::vector<std::string> &positional() const { return m_positional; }

private:
    std::set<std::string> m_flags;
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

} // namespace warden
