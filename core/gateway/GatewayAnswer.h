#pragma once

namespace warden {

// What the warden answers a gateway request: the policy's allow or deny,
// or a reviewer's outcome for one that waited. The wire and the store carry
// the name; the code carries the value.
enum class GatewayAnswer { Allow, Deny, Approved, Rejected, Expired };

constexpr const char *gatewayAnswerName(GatewayAnswer answer)
{
    switch (answer) {
    case GatewayAnswer::Allow: return "allow";
    case GatewayAnswer::Deny: return "deny";
    case GatewayAnswer::Approved: return "approved";
    case GatewayAnswer::Rejected: return "rejected";
    case GatewayAnswer::Expired: return "expired";
    }
    return "deny";
}

} // namespace warden
