#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

enum class Label { Benign, Suspicious, Malicious };

const char *labelName(Label label);
std::optional<Label> labelFromName(std::string_view name);

// One sequence rule that fired, with the actions that made it fire.
struct Finding {
    std::string rule; // e.g. "exfiltration", "canary", "download_execute"
    Label label = Label::Suspicious;
    double confidence = 0.0;
    std::string summary; // a clause a reviewer can read
    std::vector<std::int64_t> evidence;
};

// The judge's view of a whole run.
struct Judgement {
    Label label = Label::Benign;
    double confidence = 0.0;
    std::string summary;
    std::vector<std::int64_t> evidence;
    std::vector<Finding> findings;
    std::string source = "rules"; // "rules", or the name of an external judge

    nlohmann::json toJson() const;
};

} // namespace warden
