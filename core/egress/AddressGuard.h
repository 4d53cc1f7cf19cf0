#pragma once

#include <QHostAddress>

#include <optional>
#include <string>

struct sockaddr;

namespace warden::AddressGuard {

// Why an address must not be reached by an agent unless its declaration opts
// in for that destination: loopback, link-local (cloud metadata services live
// at 169.254.169.254, fd00:ec2::254 and friends), private and carrier-grade
// NAT ranges, multicast, unspecified and reserved. nullopt for a public
// address. IPv4 embedded in IPv6 (mapped, NAT64, 6to4) is judged as the IPv4
// address it carries, so `::ffff:127.0.0.1` is loopback too.
std::optional<std::string> restriction(const QHostAddress &address);

// The same for what the resolver or libcurl hands over; an address family
// other than IPv4 or IPv6 is refused.
std::optional<std::string> restriction(const sockaddr *address);

} // namespace warden::AddressGuard
