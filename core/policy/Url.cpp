#include "core/policy/Url.h"

#include "core/policy/HostName.h"

#include <charconv>

namespace warden {

int Url::defaultPort(std::string_view scheme)
{
    if (scheme == "http" || scheme == "ws")
        return 80;
    if (scheme == "https" || scheme == "wss")
        return 443;
    if (scheme == "ftp")
        return 21;
    return 0;
}

Result<Url> Url::parse(std::string_view text)
{
    for (unsigned char c : text) {
        if (c <= 0x20 || c == 0x7f)
            return fail("URL contains whitespace or a control character");
        if (c == '\\')
            return fail("URL contains a backslash");
    }
    auto sep = text.find("://");
    if (sep == std::string_view::npos || sep == 0)
        return fail("URL \"" + std::string(text) + "\" has no scheme");
    Url url;
    for (std::size_t i = 0; i < sep; ++i) {
        char c = text[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok)
            return fail("URL \"" + std::string(text) + "\" has an invalid scheme");
        url.scheme += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }

    std::string_view after = text.substr(sep + 3);
    auto authorityEnd = after.find_first_of("/?#");
    std::string_view authority = after.substr(0, authorityEnd);
    url.rest = authorityEnd == std::string_view::npos ? std::string() : std::string(after.substr(authorityEnd));

    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        url.userinfo = std::string(authority.substr(0, at));
        authority.remove_prefix(at + 1);
    }

    std::string_view hostPart = authority;
    std::string_view portPart;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos)
            return fail("URL \"" + std::string(text) + "\" has an unterminated IPv6 literal");
        hostPart = authority.substr(0, close + 1);
        std::string_view tail = authority.substr(close + 1);
        if (!tail.empty()) {
            if (tail.front() != ':')
                return fail("URL \"" + std::string(text) + "\" has text after the IPv6 literal");
            portPart = tail.substr(1);
        }
    } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        hostPart = authority.substr(0, colon);
        portPart = authority.substr(colon + 1);
    }

    auto host = HostName::normalize(hostPart);
    if (!host)
        return fail("URL \"" + std::string(text) + "\": " + host.error().message);
    url.host = std::move(*host);

    if (!portPart.empty()) {
        int port = 0;
        auto [end, ec] = std::from_chars(portPart.data(), portPart.data() + portPart.size(), port);
        if (ec != std::errc() || end != portPart.data() + portPart.size() || port < 1 || port > 65535)
            return fail("URL \"" + std::string(text) + "\" has an invalid port \"" + std::string(portPart) + "\"");
        url.port = port;
    } else {
        url.port = defaultPort(url.scheme);
        if (url.port == 0)
            return fail("URL \"" + std::string(text) + "\" has no port and scheme \"" + url.scheme +
                        "\" has no default");
    }
    return url;
}

} // namespace warden
