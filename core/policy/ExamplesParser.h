#pragma once

#include "core/common/Error.h"
#include "core/policy/Declaration.h"
#include "core/policy/FieldReader.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace warden::ExamplesParser {

// A declaration's "examples": {"allow": [...], "deny": [...], "approval":
// [...]}, each list of actions in the trace format ("seq" may be left out).
// At most kMaxExamples in all. Errors name the example's field and line.
constexpr std::size_t kMaxExamples = 1000;
Result<std::vector<DeclarationExample>> parse(const nlohmann::json &examples, const FieldReader &r);

} // namespace warden::ExamplesParser
