#include "core/policy/FieldReader.h"

#include "core/policy/PathScope.h"

namespace warden {

using nlohmann::json;

std::unexpected<Error> FieldReader::error(const std::string &pointer, std::string message) const
{
    return fail(std::move(message), pointer.empty() ? std::string("/") : pointer, m_doc.lineOf(pointer), m_file);
}

Result<void> FieldReader::onlyKnown(const json &obj, const std::string &pointer,
                                    const std::set<std::string> &known) const
{
    for (const auto &[key, value] : obj.items()) {
        if (!known.contains(key)) {
            std::string list;
            for (const auto &k : known)
                list += (list.empty() ? "" : ", ") + k;
            return error(LocatedJson::child(pointer, key),
                         "unknown field \"" + key + "\" (expected one of: " + list + ")");
        }
    }
    return {};
}

Result<std::string> FieldReader::string(const json &v, const std::string &pointer, bool nonEmpty) const
{
    if (!v.is_string())
        return error(pointer, "must be a string");
    auto s = v.get<std::string>();
    if (nonEmpty && s.empty())
        return error(pointer, "must not be empty");
    return s;
}

Result<std::vector<std::string>> FieldReader::strings(const json &v, const std::string &pointer) const
{
    if (!v.is_array())
        return error(pointer, "must be an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto s = string(v[i], LocatedJson::child(pointer, i));
        if (!s)
            return std::unexpected(s.error());
        out.push_back(std::move(*s));
    }
    return out;
}

Result<std::int64_t> FieldReader::integer(const json &v, const std::string &pointer) const
{
    if (!v.is_number_integer())
        return error(pointer, "must be an integer");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        return error(pointer, "is out of range");
    return v.get<std::int64_t>();
}

Result<std::vector<std::string>> FieldReader::pathScopes(const json &v, const std::string &pointer) const
{
    auto list = strings(v, pointer);
    if (!list)
        return list;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto norm = PathScope::normalize((*list)[i]);
        if (!norm)
            return error(LocatedJson::child(pointer, i), norm.error().message);
        (*list)[i] = std::move(*norm);
    }
    return list;
}

} // namespace warden
