#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace warden::JsonLookup {

// Typed lookups in JSON from outside the process that never throw.
// nlohmann's value("k", default) throws type_error when "k" holds another
// type: {"id": 1} where a string was expected ended a Warden host. These
// answer nothing (or the fallback) for a missing field, a field of another
// type, and a value that is not an object at all.

const nlohmann::json *find(const nlohmann::json &object, std::string_view key);
std::optional<std::string> string(const nlohmann::json &object, std::string_view key);
std::optional<std::int64_t> integer(const nlohmann::json &object, std::string_view key);
std::optional<double> number(const nlohmann::json &object, std::string_view key);
std::optional<bool> boolean(const nlohmann::json &object, std::string_view key);

std::string stringOr(const nlohmann::json &object, std::string_view key, std::string fallback = {});
bool booleanOr(const nlohmann::json &object, std::string_view key, bool fallback);
std::int64_t integerOr(const nlohmann::json &object, std::string_view key, std::int64_t fallback);
double numberOr(const nlohmann::json &object, std::string_view key, double fallback);
// The field when it is an object (or array, for arrayOr), else an empty one.
nlohmann::json objectOr(const nlohmann::json &object, std::string_view key);
nlohmann::json arrayOr(const nlohmann::json &object, std::string_view key);

// Strict reading, where the format is ours: the error names the field.
// A field that is absent is nullopt; one of the wrong type or too long is an error.
Result<std::optional<std::string>> optionalString(const nlohmann::json &object, std::string_view key,
                                                  std::size_t maxBytes);
Result<std::string> requiredString(const nlohmann::json &object, std::string_view key, std::size_t maxBytes);
// Refuses any field not in `known`, naming it.
Result<void> onlyKnownFields(const nlohmann::json &object, std::initializer_list<std::string_view> known);

} // namespace warden::JsonLookup
