#pragma once

#include <QHostAddress>

#include <deque>
#include <map>
#include <string>

namespace warden {

// Who may open a connection to a Warden host, by address. Connections that
// have not authenticated yet hold a pre-authentication slot: at most
// `perAddress` per address and `total` in all, so silent connections from
// one place cannot lock reviewers out. Wrong credentials are counted per
// address: `maxFailures` within a minute locks that address out for a minute.
class HostAdmission {
public:
    struct Limits {
        int perAddress = 4;
        int total = 16;
        int maxFailures = 5;
        qint64 windowMs = 60'000;
    };

    HostAdmission() = default;
    explicit HostAdmission(Limits limits) : m_limits(limits) {}

    // Whether a new connection from `address` may start authenticating; on
    // yes it holds a slot until authenticated() or closed(). `why` says no.
    bool admit(const QHostAddress &address, qint64 nowMs, std::string &why);
    void authenticated(const QHostAddress &address);
    void closedUnauthenticated(const QHostAddress &address);
    // Returns true when this failure locks the address out.
    bool wrongCredentials(const QHostAddress &address, qint64 nowMs);

    int preAuthentication() const { return m_total; }

private:
    void release(const QHostAddress &address);
    std::deque<qint64> &failures(const QHostAddress &address, qint64 nowMs);

    Limits m_limits;
    std::map<QString, int> m_slots;
    std::map<QString, std::deque<qint64>> m_failures;
    int m_total = 0;
};

} // namespace warden
