#pragma once

#include <expected>
#include <string>

namespace warden {

// What failed and where: the file, the line (1-based, 0 when unknown) and the
// field (a JSON pointer or option name). Every boundary in core returns one of
// these instead of throwing, so callers can print "FILE:LINE: message".
struct Error {
    std::string file;
    int line = 0;
    std::string field;
    std::string message;

    // "file:line: field: message", leaving out the parts that are unknown.
    std::string toString() const;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message, std::string field = {}, int line = 0, std::string file = {})
{
    return std::unexpected<Error>(Error{std::move(file), line, std::move(field), std::move(message)});
}

} // namespace warden
