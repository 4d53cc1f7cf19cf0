#include "core/policy/Verdict.h"

#include "core/store/StoredVerdict.h"

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

// One mapping to words, shared with the live path (StoredVerdict::of).
nlohmann::json Verdict::toJson(const char *kind) const
{
    return StoredVerdict::of(*this).toJson(seq, kind);
}

} // namespace warden
