#pragma once

#include "core/common/Error.h"

#include <string>
#include <string_view>

namespace warden {

// One declared network destination: "host", "host:port", "*.suffix[:port]" or
// "[v6]:port". Hosts compare case-insensitively after canonicalisation; a
// wildcard matches subdomains only, never the bare suffix; no port means any.
class Destination {
public:
    static Result<Destination> parse(std::string_view text);

    // `host` must be canonical (HostName::normalize); port 0 means unknown and
    // only matches a destination that declares no port.
    bool matches(std::string_view host, int port) const;
    const std::string &text() const { return m_text; }

private:
    std::string m_text;
    std::string m_host; // canonical; for wildcards the suffix without "*."
    bool m_wildcard = false;
    int m_port = 0;
};

} // namespace warden
