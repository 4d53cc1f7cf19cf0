#pragma once

#include "core/common/Error.h"

#include <string>
#include <string_view>

namespace warden {

// An absolute URL split into the parts policy needs. The host is canonical
// (see HostName::normalize); the port is explicit or the scheme's default.
struct Url {
    std::string scheme;
    std::string userinfo;
    std::string host;
    int port = 0;
    std::string rest; // path, query and fragment, unparsed

    // Strict parse: whitespace, control characters and backslashes are errors
    // (browsers read "\" as "/", which turns "good.example\@evil" into a trap).
    static Result<Url> parse(std::string_view text);
    static int defaultPort(std::string_view scheme);
};

} // namespace warden
