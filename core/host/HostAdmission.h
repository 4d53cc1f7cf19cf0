#pragma once

#include <QHostAddress>

#include <deque>
#include <map>
#include <string>

namespace warden {

// Who may open a connection to a Warden host, by address (an IPv6 address
// counts as its /64, the block one subscriber holds; IPv4-mapped is IPv4).
// Connections that have not authenticated yet hold a pre-authentication
// slot: at most `perAddress` per address and `total` in all. When every slot
// is taken, a newcomer still gets a brief one (at most `total` of those):
// it must say hello within kBriefHelloMs, so a reviewer's valid hello gets
// through a flood of silent connections, which are cut quickly. Wrong
// credentials are counted per address: `maxFailures` within a minute locks
// that address out for a minute.
class HostAdmission {
public:
    enum class Ticket { Refused, Slot, Brief };
    static constexpr int kHelloMs = 5000;
    static constexpr int kBriefHelloMs = 2000;

    struct Limits {
        int perAddress = 4;
        int total = 16;
        int maxFailures = 5;
        qint64 windowMs = 60'000;
    };

    HostAdmission() = default;
    explicit HostAdmission(Limits limits) : m_limits(limits) {}

    // Whether a new connection from `address` may start authenticating, and
    // with which kind of slot; it holds it until authenticated() or
    // closedUnauthenticated() with the same ticket. `why` says no.
    Ticket admit(const QHostAddress &address, qint64 nowMs, std::string &why);
    void authenticated(const QHostAddress &address, Ticket ticket);
    void closedUnauthenticated(const QHostAddress &address, Ticket ticket);
    // Returns true when this failure locks the address out.
    bool wrongCredentials(const QHostAddress &address, qint64 nowMs);

    int preAuthentication() const { return m_total; }

private:
    void release(const QHostAddress &address, Ticket ticket);
    std::deque<qint64> &failures(const QHostAddress &address, qint64 nowMs);

    Limits m_limits;
    std::map<QString, int> m_slots;
    std::map<QString, std::deque<qint64>> m_failures;
    int m_total = 0;
    int m_brief = 0;
};

} // namespace warden
