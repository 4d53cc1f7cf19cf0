#include "core/json/JsonLookup.h"

#include <algorithm>

namespace warden::JsonLookup {

const nlohmann::json *find(const nlohmann::json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    if (!v || !v->is_string())
        return std::nullopt;
    return v->get_ref<const std::string &>();
}

std::optional<std::int64_t> integer(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    if (!v || !v->is_number_integer())
        return std::nullopt;
    // An unsigned beyond int64 is not a number we take.
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
        return std::nullopt;
    return v->get<std::int64_t>();
}

std::optional<double> number(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    if (!v || !v->is_number())
        return std::nullopt;
    return v->get<double>();
}

std::optional<bool> boolean(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    if (!v || !v->is_boolean())
        return std::nullopt;
    return v->get<bool>();
}

std::string stringOr(const nlohmann::json &object, std::string_view key, std::string fallback)
{
    auto v = string(object, key);
    return v ? std::move(*v) : std::move(fallback);
}

bool booleanOr(const nlohmann::json &object, std::string_view key, bool fallback)
{
    return boolean(object, key).value_or(fallback);
}

std::int64_t integerOr(const nlohmann::json &object, std::string_view key, std::int64_t fallback)
{
    return integer(object, key).value_or(fallback);
}

double numberOr(const nlohmann::json &object, std::string_view key, double fallback)
{
    return number(object, key).value_or(fallback);
}

nlohmann::json objectOr(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    return v && v->is_object() ? *v : nlohmann::json::object();
}

nlohmann::json arrayOr(const nlohmann::json &object, std::string_view key)
{
    const nlohmann::json *v = find(object, key);
    return v && v->is_array() ? *v : nlohmann::json::array();
}

Result<std::optional<std::string>> optionalString(const nlohmann::json &object, std::string_view key,
                                                  std::size_t maxBytes)
{
    const nlohmann::json *v = find(object, key);
    if (!v)
        return std::optional<std::string>();
    if (!v->is_string() || v->get_ref<const std::string &>().size() > maxBytes)
        return fail("must be a string of at most " + std::to_string(maxBytes) + " bytes", "/" + std::string(key));
    return std::optional<std::string>(v->get_ref<const std::string &>());
}

Result<std::string> requiredString(const nlohmann::json &object, std::string_view key, std::size_t maxBytes)
{
    auto v = optionalString(object, key, maxBytes);
    if (!v)
        return std::unexpected(v.error());
    std::optional<std::string> &found = *v;
    if (!found)
        return fail("is missing (a string of at most " + std::to_string(maxBytes) + " bytes)", "/" + std::string(key));
    return std::move(*found);
}

Result<void> onlyKnownFields(const nlohmann::json &object, std::initializer_list<std::string_view> known)
{
    if (!object.is_object())
        return fail("must be a JSON object");
    for (const auto &[key, value] : object.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            return fail("unknown field", "/" + key);
    return {};
}

} // namespace warden::JsonLookup
