#include "core/policy/HostName.h"

#include <arpa/inet.h>

#include <algorithm>
#include <vector>

namespace warden::HostName {
namespace {

bool isDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::string> normalizeIpv6(std::string_view literal)
{
    std::string text(literal);
    in6_addr addr{};
    if (inet_pton(AF_INET6, text.c_str(), &addr) != 1)
        return fail("invalid IPv6 literal \"" + text + "\"");
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &addr, buf, sizeof buf);
    return std::string(buf);
}

} // namespace

Result<std::string> normalize(std::string_view host)
{
    if (host.empty())
        return fail("host is empty");
    if (host.front() == '[') {
        if (host.back() != ']')
            return fail("unterminated IPv6 literal \"" + std::string(host) + "\"");
        return normalizeIpv6(host.substr(1, host.size() - 2));
    }
    if (host.find(':') != std::string_view::npos)
        return normalizeIpv6(host);

    std::string out;
    out.reserve(host.size());
    for (char c : host) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                  c == '_';
        if (!ok)
            return fail("host \"" + std::string(host) + "\" has a character that is not allowed in a host name");
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (out.back() == '.')
        out.pop_back();
    if (out.empty() || out.size() > 253)
        return fail("host \"" + std::string(host) + "\" has an invalid length");

    std::vector<std::string_view> labels;
    std::string_view rest(out);
    while (true) {
        auto dot = rest.find('.');
        auto label = rest.substr(0, dot);
        if (label.empty() || label.size() > 63)
            return fail("host \"" + std::string(host) + "\" has an empty or over-long label");
        labels.push_back(label);
        if (dot == std::string_view::npos)
            break;
        rest.remove_prefix(dot + 1);
    }

    // As URL parsers do: a host whose last label is numeric is an IPv4 address.
    // Only the canonical dotted-decimal form is accepted.
    const auto &last = labels.back();
    bool numericLast = isDigits(last) || (last.size() > 1 && last[0] == '0' && last[1] == 'x');
    if (numericLast) {
        bool canonical = labels.size() == 4;
        for (auto label : labels) {
            if (!canonical)
                break;
            canonical = isDigits(label) && label.size() <= 3 && (label.size() == 1 || label[0] != '0') &&
                        std::stoi(std::string(label)) <= 255;
        }
        if (!canonical)
            return fail("host \"" + std::string(host) +
                        "\" is a numeric address that is not in dotted-decimal IPv4 form");
    }
    return out;
}

bool isIpv6(std::string_view canonicalHost)
{
    return canonicalHost.find(':') != std::string_view::npos;
}

std::string display(std::string_view canonicalHost, int port)
{
    std::string out = isIpv6(canonicalHost) ? "[" + std::string(canonicalHost) + "]" : std::string(canonicalHost);
    if (port > 0)
        out += ':' + std::to_string(port);
    return out;
}

} // namespace warden::HostName
