#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warden::DnsQuestion {

// The name a DNS query asks about, from a datagram the sandbox sends to
// port 53: empty for a response, a query without a question, a compressed
// or over-long name, or one with a character no host name has.
std::string nameIn(const std::vector<std::uint8_t> &payload);

} // namespace warden::DnsQuestion
