#pragma once

#include "core/policy/PolicyEngine.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// A tool request set beside its declaration, for the reviewer who must approve
// it: for each parameter, what the declaration says of it, which part of the
// value the declaration fixes and which part the agent chose (the text a glob
// matched, the path below a declared directory, free text), and every
// constraint it breaks. An approval request is declared by construction; what
// a reviewer needs to see is where the agent had room and what it put there.
struct RequestComparison {
    enum class Status { Meets, Breaks, Undeclared, Missing };

    // A run of the value's text; `chosen` when the declaration did not fix it.
    struct Part {
        std::string text;
        bool chosen = false;
    };

    struct Param {
        std::string name;
        std::string value;      // a string as is, anything else as JSON
        std::string declaredAs; // the constraint in words, or empty
        Status status = Status::Meets;
        std::vector<Part> parts; // concatenated, they read as the shown value
        std::vector<std::string> problems;
    };

    std::string tool;
    bool toolDeclared = false;
    std::string toolTerms;             // "approval required; hours 08:00-18:00 UTC"
    std::vector<Param> params;         // declared order first, then undeclared ones
    std::vector<std::string> problems; // about the tool rather than a parameter

    // `timeMs` is when the request was made (for `hours`).
    static RequestComparison compare(const PolicyEngine &engine, const std::string &tool, const nlohmann::json &params,
                                     std::optional<std::int64_t> timeMs);
};

const char *comparisonStatusName(RequestComparison::Status status);

} // namespace warden
