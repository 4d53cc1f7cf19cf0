#include "core/supervise/DnsQuestion.h"

namespace warden::DnsQuestion {

std::string nameIn(const std::vector<std::uint8_t> &payload)
{
    if (payload.size() < 12 || (payload[2] & 0x80) || ((payload[4] << 8) | payload[5]) == 0)
        return {}; // too short, a response, or no question
    std::string name;
    std::size_t at = 12;
    while (at < payload.size()) {
        const std::uint8_t len = payload[at++];
        if (len == 0)
            return name.empty() ? "." : name;
        if (len > 63 || at + len > payload.size() || name.size() + len + 1 > 253)
            return {}; // a compression pointer has no place in a query; over-long is no name
        if (!name.empty())
            name += '.';
        for (std::size_t i = 0; i < len; ++i) {
            const char c = static_cast<char>(payload[at + i]);
            const bool ok =
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok)
                return {};
            name += c;
        }
        at += len;
    }
    return {};
}

} // namespace warden::DnsQuestion
