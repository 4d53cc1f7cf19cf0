#pragma once

#include "core/common/Error.h"
#include "core/json/LocatedJson.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Reads a declaration's fields out of a LocatedJson, with errors that carry
// the file, the line and the field's JSON pointer.
class FieldReader {
public:
    FieldReader(const LocatedJson &doc, std::string_view file) : m_doc(doc), m_file(file) {}

    std::unexpected<Error> error(const std::string &pointer, std::string message) const;
    // Refuses a field of `obj` that is not in `known`, naming those that are.
    Result<void> onlyKnown(const nlohmann::json &obj, const std::string &pointer,
                           const std::set<std::string> &known) const;
    Result<std::string> string(const nlohmann::json &v, const std::string &pointer, bool nonEmpty = true) const;
    Result<std::vector<std::string>> strings(const nlohmann::json &v, const std::string &pointer) const;
    Result<std::int64_t> integer(const nlohmann::json &v, const std::string &pointer) const;
    // A list of directories, each normalised (PathScope).
    Result<std::vector<std::string>> pathScopes(const nlohmann::json &v, const std::string &pointer) const;

private:
    const LocatedJson &m_doc;
    std::string m_file;
};

} // namespace warden
