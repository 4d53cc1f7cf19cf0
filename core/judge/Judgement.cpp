#include "core/judge/Judgement.h"

#include <cmath>

namespace warden {

const char *labelName(Label label)
{
    switch (label) {
    case Label::Benign: return "benign";
    case Label::Suspicious: return "suspicious";
    case Label::Malicious: return "malicious";
    }
    return "?";
}

std::optional<Label> labelFromName(std::string_view name)
{
    if (name == "benign")
        return Label::Benign;
    if (name == "suspicious")
        return Label::Suspicious;
    if (name == "malicious")
        return Label::Malicious;
    return std::nullopt;
}

nlohmann::json Judgement::toJson() const
{
    nlohmann::json f = nlohmann::json::array();
    for (const auto &finding : findings)
        f.push_back({{"rule", finding.rule},
                     {"label", labelName(finding.label)},
                     {"confidence", std::round(finding.confidence * 100) / 100},
                     {"summary", finding.summary},
                     {"evidence", finding.evidence}});
    return {{"label", labelName(label)},
            {"confidence", std::round(confidence * 100) / 100},
            {"summary", summary},
            {"evidence", evidence},
            {"findings", f},
            {"source", source}};
}

} // namespace warden
