#include "core/policy/StoredVerdict.h"

namespace warden {

namespace {

Result<std::vector<std::string>> strings(const nlohmann::json &json, const char *key)
{
    std::vector<std::string> out;
    auto it = json.find(key);
    if (it == json.end())
        return out;
    if (!it->is_array())
        return fail("must be a list", std::string("/") + key);
    for (const auto &item : *it) {
        if (!item.is_string())
            return fail("must be a list of strings", std::string("/") + key);
        out.push_back(item.get<std::string>());
    }
    return out;
}

} // namespace

Result<StoredVerdict> StoredVerdict::fromJson(const nlohmann::json &json)
{
    if (!json.is_object())
        return fail("a verdict is an object");
    StoredVerdict v;
    auto declared = json.find("declared");
    if (declared != json.end() && !declared->is_boolean())
        return fail("must be true or false", "/declared");
    v.declared = declared != json.end() && declared->get<bool>();
    auto decision = json.find("decision");
    if (decision == json.end() || !decision->is_string())
        return fail("missing or not a string", "/decision");
    v.decision = decision->get<std::string>();
    auto reasons = strings(json, "reasons");
    if (!reasons)
        return std::unexpected(reasons.error());
    auto rules = strings(json, "rules");
    if (!rules)
        return std::unexpected(rules.error());
    v.reasons = std::move(*reasons);
    v.rules = std::move(*rules);
    return v;
}

StoredVerdict StoredVerdict::of(const Verdict &verdict)
{
    StoredVerdict v;
    v.declared = verdict.declared;
    v.decision = decisionName(verdict.decision);
    for (const auto &r : verdict.reasons) {
        v.reasons.push_back(r.message);
        v.rules.push_back(r.rule);
    }
    if (verdict.reasons.empty() && !verdict.rule.empty())
        v.rules.push_back(verdict.rule);
    if (verdict.decision == Decision::ApprovalRequired && verdict.reasons.empty())
        v.reasons.emplace_back("declared, and the declaration requires a reviewer's approval");
    return v;
}

nlohmann::json StoredVerdict::toJson(std::int64_t seq, const char *kind) const
{
    return {{"seq", seq},           {"kind", kind},       {"declared", declared},
            {"decision", decision}, {"reasons", reasons}, {"rules", rules}};
}

std::string StoredVerdict::why() const
{
    const auto &parts = reasons.empty() ? rules : reasons;
    std::string out;
    for (const auto &p : parts)
        out += (out.empty() ? "" : "; ") + p;
    return out;
}

} // namespace warden
