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

nlohmann::json Verdict::toJson(const char *kind) const
{
    nlohmann::json reasonsJson = nlohmann::json::array();
    nlohmann::json rules = nlohmann::json::array();
    for (const auto &r : reasons) {
        reasonsJson.push_back(r.message);
        rules.push_back(r.rule);
    }
    if (reasons.empty() && !rule.empty())
        rules.push_back(rule);
    if (decision == Decision::ApprovalRequired && reasons.empty())
        reasonsJson.push_back("declared, and the declaration requires a reviewer's approval");
    return {{"seq", seq},
            {"kind", kind},
            {"declared", declared},
            {"decision", decisionName(decision)},
            {"reasons", reasonsJson},
            {"rules", rules}};
}

} // namespace warden
