#pragma once

#include "core/common/Error.h"

#include <string>
#include <string_view>

namespace warden::HostName {

// Canonical form of a host for destination matching: lower case, one trailing
// dot dropped, IPv6 literals (with or without brackets) in inet_ntop form
// without brackets, IPv4 only in dotted-decimal. Anything that could be read
// two ways (octal or hex IPv4, percent-encoding, non-ASCII, a backslash) is an
// error rather than a guess, so a crafted host can never match by accident.
Result<std::string> normalize(std::string_view host);

bool isIpv6(std::string_view canonicalHost);

// "host:port" for messages, bracketing IPv6 literals.
std::string display(std::string_view canonicalHost, int port);

} // namespace warden::HostName
