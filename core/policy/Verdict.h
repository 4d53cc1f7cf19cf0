#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

enum class Decision { Allow, Deny, ApprovalRequired };

const char *decisionName(Decision decision);
std::optional<Decision> decisionFromName(std::string_view name);

// Why a decision was made: the rule (a dotted path into the declaration, such
// as "tools.delete_file.params.path.within") and a sentence for people.
struct Reason {
    std::string rule;
    std::string message;
};

// The policy engine's answer for one action.
struct Verdict {
    std::int64_t seq = 0;
    bool declared = false;
    Decision decision = Decision::Deny;
    // The tool is one that the declaration puts behind approval, whether or not
    // this call stayed inside its constraints; the judge counts these.
    bool privileged = false;
    // The rule that allowed it, or the rule that asks for approval.
    std::string rule;
    // Every constraint that failed (all of them, not only the first).
    std::vector<Reason> reasons;

    // Every reason's message, joined with "; " (what a refused agent is told).
    std::string reasonsText() const;
};

} // namespace warden
