#include "core/host/HostAdmission.h"

namespace warden {

namespace {

// IPv4-mapped IPv6 and plain IPv4 are one address; an IPv6 address is its
// /64 (one subscriber's block: counting /128s let one host take every slot).
QString keyOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

} // namespace

std::deque<qint64> &HostAdmission::failures(const QHostAddress &address, qint64 nowMs)
{
    auto &list = m_failures[keyOf(address)];
    while (!list.empty() && nowMs - list.front() > m_limits.windowMs)
        list.pop_front();
    return list;
}

HostAdmission::Ticket HostAdmission::admit(const QHostAddress &address, qint64 nowMs, std::string &why)
{
    if (static_cast<int>(failures(address, nowMs).size()) >= m_limits.maxFailures) {
        why = "too many wrong credentials from this address; try again in a minute";
        return Ticket::Refused;
    }
    if (m_failures.size() > 10'000) // bounded memory under a spray of addresses
        std::erase_if(m_failures, [](const auto &entry) { return entry.second.empty(); });
    int &slots = m_slots[keyOf(address)];
    if (slots >= m_limits.perAddress) {
        why = "too many unauthenticated connections from this address";
        return Ticket::Refused;
    }
    Ticket ticket = Ticket::Slot;
    if (m_total >= m_limits.total) {
        if (m_brief >= m_limits.total) {
            why = "too many unauthenticated connections";
            return Ticket::Refused;
        }
        ticket = Ticket::Brief;
        ++m_brief;
    } else {
        ++m_total;
    }
    ++slots;
    return ticket;
}

void HostAdmission::release(const QHostAddress &address, Ticket ticket)
{
    auto it = m_slots.find(keyOf(address));
    if (ticket == Ticket::Refused || it == m_slots.end() || it->second == 0)
        return;
    if (ticket == Ticket::Brief)
        --m_brief;
    else
        --m_total;
    if (--it->second == 0)
        m_slots.erase(it);
}

void HostAdmission::authenticated(const QHostAddress &address, Ticket ticket)
{
    release(address, ticket);
}

void HostAdmission::closedUnauthenticated(const QHostAddress &address, Ticket ticket)
{
    release(address, ticket);
}

bool HostAdmission::wrongCredentials(const QHostAddress &address, qint64 nowMs)
{
    auto &list = failures(address, nowMs);
    list.push_back(nowMs);
    return static_cast<int>(list.size()) == m_limits.maxFailures;
}

} // namespace warden
