#include "core/policy/Destination.h"

#include "core/policy/HostName.h"

#include <charconv>

namespace warden {

Result<Destination> Destination::parse(std::string_view text)
{
    Destination d;
    d.m_text = std::string(text);
    std::string_view hostPart = text;
    std::string_view portPart;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos)
            return fail("destination \"" + d.m_text + "\" has an unterminated IPv6 literal");
        hostPart = text.substr(0, close + 1);
        auto tail = text.substr(close + 1);
        if (!tail.empty()) {
            if (tail.front() != ':')
                return fail("destination \"" + d.m_text + "\" has text after the IPv6 literal");
            portPart = tail.substr(1);
            if (portPart.empty())
                return fail("destination \"" + d.m_text + "\" has an empty port");
        }
    } else if (auto colon = text.find(':'); colon != std::string_view::npos) {
        if (text.find(':', colon + 1) != std::string_view::npos)
            return fail("destination \"" + d.m_text + "\": write IPv6 literals in brackets");
        hostPart = text.substr(0, colon);
        portPart = text.substr(colon + 1);
        if (portPart.empty())
            return fail("destination \"" + d.m_text + "\" has an empty port");
    }
    if (hostPart.starts_with("*.")) {
        d.m_wildcard = true;
        hostPart.remove_prefix(2);
    }
    if (hostPart.find('*') != std::string_view::npos)
        return fail("destination \"" + d.m_text + "\": '*' is only allowed as a leading \"*.\" label");
    auto host = HostName::normalize(hostPart);
    if (!host)
        return fail("destination \"" + d.m_text + "\": " + host.error().message);
    d.m_host = std::move(*host);
    if (d.m_wildcard && HostName::isIpv6(d.m_host))
        return fail("destination \"" + d.m_text + "\": a wildcard cannot apply to an IP address");
    if (!portPart.empty()) {
        auto [end, ec] = std::from_chars(portPart.data(), portPart.data() + portPart.size(), d.m_port);
        if (ec != std::errc() || end != portPart.data() + portPart.size() || d.m_port < 1 || d.m_port > 65535)
            return fail("destination \"" + d.m_text + "\" has an invalid port");
    }
    return d;
}

bool Destination::matches(std::string_view host, int port) const
{
    if (m_port != 0 && port != m_port)
        return false;
    if (!m_wildcard)
        return host == m_host;
    return host.size() > m_host.size() + 1 && host.ends_with(m_host) && host[host.size() - m_host.size() - 1] == '.';
}

} // namespace warden
