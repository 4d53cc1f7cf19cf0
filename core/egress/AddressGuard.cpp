#include "core/egress/AddressGuard.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>

namespace warden::AddressGuard {

namespace {

struct Range {
    std::uint32_t base;
    int bits;
    const char *why;
};

constexpr std::uint32_t v4(int a, int b, int c, int d)
{
    return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
           static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(d);
}

// Not routable on the public internet, or routable only to something the
// host trusts (RFC 6890's special-purpose registry, plus metadata services).
constexpr std::array kV4Ranges{
    Range{v4(0, 0, 0, 0), 8, "unspecified"},
    Range{v4(127, 0, 0, 0), 8, "loopback"},
    Range{v4(10, 0, 0, 0), 8, "private"},
    Range{v4(172, 16, 0, 0), 12, "private"},
    Range{v4(192, 168, 0, 0), 16, "private"},
    Range{v4(100, 64, 0, 0), 10, "carrier-grade NAT"},
    Range{v4(169, 254, 0, 0), 16, "link-local (cloud metadata)"},
    Range{v4(192, 0, 0, 0), 24, "reserved (IETF protocol assignments)"},
    Range{v4(192, 0, 2, 0), 24, "reserved (documentation)"},
    Range{v4(198, 18, 0, 0), 15, "reserved (benchmarking)"},
    Range{v4(198, 51, 100, 0), 24, "reserved (documentation)"},
    Range{v4(203, 0, 113, 0), 24, "reserved (documentation)"},
    Range{v4(224, 0, 0, 0), 4, "multicast"},
    Range{v4(240, 0, 0, 0), 4, "reserved (including broadcast)"},
};

std::optional<std::string> restrictionV4(std::uint32_t a)
{
    for (const Range &r : kV4Ranges) {
        const std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
        if ((a & mask) == r.base)
            return std::string(r.why);
    }
    return std::nullopt;
}

std::uint32_t embeddedV4(const Q_IPV6ADDR &b, int at)
{
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | static_cast<std::uint32_t>(b[at + 3]);
}

bool allZero(const Q_IPV6ADDR &b, int from, int to)
{
    for (int i = from; i < to; ++i)
        if (b[i] != 0)
            return false;
    return true;
}

std::optional<std::string> restrictionV6(const Q_IPV6ADDR &b)
{
    if (allZero(b, 0, 16))
        return std::string("unspecified");
    if (allZero(b, 0, 15) && b[15] == 1)
        return std::string("loopback");
    if (allZero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff) // ::ffff:a.b.c.d
        return restrictionV4(embeddedV4(b, 12));
    if (allZero(b, 0, 8) && b[8] == 0xff && b[9] == 0xff && allZero(b, 10, 12)) // ::ffff:0:a.b.c.d (SIIT)
        return restrictionV4(embeddedV4(b, 12));
    if (allZero(b, 0, 12)) // ::a.b.c.d, deprecated but still routed by some stacks
        return restrictionV4(embeddedV4(b, 12));
    // Every other prefix that carries an IPv4 address inside is refused
    // whole: its translator decides where it goes, not this check.
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01) // 64:ff9b:1::/48
        return std::string("reserved (local-use IPv4/IPv6 translation)");
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) // 2001::/32 Teredo
        return std::string("reserved (Teredo, an IPv4 tunnel)");
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) // 64:ff9b::/96 NAT64
        return restrictionV4(embeddedV4(b, 12));
    if (b[0] == 0x20 && b[1] == 0x02) // 2002::/16 6to4
        return restrictionV4(embeddedV4(b, 2));
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return std::string("link-local (cloud metadata)");
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return std::string("private (site-local)");
    if ((b[0] & 0xfe) == 0xfc) // fc00::/7, which holds AWS's fd00:ec2::254
        return std::string("private (unique local)");
    if (b[0] == 0xff)
        return std::string("multicast");
    if (b[0] == 0x01 && b[1] == 0x00 && allZero(b, 2, 8)) // 100::/64 discard
        return std::string("reserved (discard)");
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // 2001:db8::/32
        return std::string("reserved (documentation)");
    return std::nullopt;
}

} // namespace

std::optional<std::string> restriction(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 a = address.toIPv4Address(&isV4);
    if (isV4)
        return restrictionV4(a);
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return restrictionV6(address.toIPv6Address());
    return std::string("not an IP address");
}

std::optional<std::string> restriction(const sockaddr *address)
{
    if (!address)
        return std::string("no address");
    if (address->sa_family == AF_INET || address->sa_family == AF_INET6)
        return restriction(QHostAddress(address));
    return std::string("not an IPv4 or IPv6 address");
}

} // namespace warden::AddressGuard
