#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

namespace warden {

// A parsed JSON document that remembers the source line of every value, keyed
// by JSON pointer, so validation errors can name the line of the field they
// are about. Duplicate object keys are rejected: in a security declaration a
// second "approval" silently winning over the first is a bypass.
class LocatedJson {
public:
    static Result<LocatedJson> parse(std::string_view text, std::string_view fileName, int lineOffset = 0);

    const nlohmann::json &value() const { return m_value; }
    nlohmann::json &value() { return m_value; }

    // Line of the value at `pointer`, or of its nearest recorded ancestor.
    int lineOf(std::string_view pointer) const;

    // Appends "/token" to a pointer with RFC 6901 escaping.
    static std::string child(std::string_view pointer, std::string_view token);
    static std::string child(std::string_view pointer, std::size_t index);

private:
    friend class LocatedJsonBuilder;
    nlohmann::json m_value;
    std::unordered_map<std::string, int> m_lines;
};

} // namespace warden
