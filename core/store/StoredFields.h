#pragma once

#include <string>
#include <string_view>

namespace warden {

// Two (or three) top-level fields of a stored record, read without building the JSON
// document: nlohmann's SAX parser walks the whole text (so it must still be
// well-formed JSON) and keeps only the named fields and their JSON types.
// This is how a run's index is read from a million records.
struct StoredFields {
    enum class Type { Absent, String, Boolean, Other };
    struct Field {
        Type type = Type::Absent;
        std::string text;  // a string's value
        bool flag = false; // a boolean's value
    };
    Field first;
    Field second;
    Field third;
    std::string error; // empty when the text parsed

    static StoredFields read(std::string_view json, std::string_view firstKey, std::string_view secondKey,
                             std::string_view thirdKey = {});
};

} // namespace warden
