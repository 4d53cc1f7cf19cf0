#pragma once

#include "core/common/Error.h"
#include "core/policy/Verdict.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace warden {

// A verdict as read back from the store, kept compact: an opened run may
// hold a million of them, and a JSON object per verdict cost ~700 bytes
// where this costs ~90. toJson() gives the stored form back.
struct StoredVerdict {
    bool declared = false;
    std::string decision = "unjudged"; // allow, deny, approval_required
    std::vector<std::string> reasons;
    std::vector<std::string> rules;

    static Result<StoredVerdict> fromJson(const nlohmann::json &json);
    // A live verdict as it is stored: the same words toJson() writes, without
    // a trip through JSON inside one process.
    static StoredVerdict of(const Verdict &verdict);
    nlohmann::json toJson(std::int64_t seq, const char *kind) const;
    // The reasons, or the deciding rules when there are none, joined by "; ".
    std::string why() const;
};

} // namespace warden
