#include "core/policy/Verdict.h"

namespace warden {

const char *decisionName(Decision decision)
{
    switch (decision) {
    case Decision::Allow: return "allow";
    case Decision::Deny: return "deny";
    case Decision::ApprovalRequired: return "approval_required";
    }
    return "deny";
}

std::optional<Decision> decisionFromName(std::string_view name)
{
    if (name == "allow")
        return Decision::Allow;
    if (name == "deny")
        return Decision::Deny;
    if (name == "approval_required")
        return Decision::ApprovalRequired;
    return std::nullopt;
}

std::string Verdict::reasonsText() const
{
    std::string out;
    for (const auto &r : reasons)
        out += (out.empty() ? "" : "; ") + r.message;
    return out;
}

} // namespace warden
