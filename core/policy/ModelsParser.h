#pragma once

#include "core/common/Error.h"
#include "core/policy/Destination.h"
#include "core/policy/FieldReader.h"
#include "core/policy/ModelProvider.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace warden::ModelsParser {

// A declaration's "models": each provider's "api" (anthropic, openai,
// gemini; one provider an API), "url" (http or https, no user name or
// password; its host and port must be in `destinations`), "key" ("env:VAR":
// the warden's variable that holds the real key; the key itself never goes
// in a declaration), and optionally "names" (model names, or prefixes
// ending in "*") and "max_tokens" (per run). Errors name the field.
Result<std::map<std::string, ModelProvider>> parse(const nlohmann::json &models, const FieldReader &r,
                                                   const std::vector<Destination> &destinations);

} // namespace warden::ModelsParser
