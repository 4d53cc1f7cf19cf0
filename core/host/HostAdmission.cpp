#include "core/host/HostAdmission.h"

namespace warden {

namespace {

// IPv4-mapped IPv6 and plain IPv4 are one address.
QString keyOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

std::deque<qint64> &HostAdmission::failures(const QHostAddress &address, qint64 nowMs)
{
    auto &list = m_failures[keyOf(address)];
    while (!list.empty() && nowMs - list.front() > m_limits.windowMs)
        list.pop_front();
    return list;
}

bool HostAdmission::admit(const QHostAddress &address, qint64 nowMs, std::string &why)
{
    if (static_cast<int>(failures(address, nowMs).size()) >= m_limits.maxFailures) {
        why = "too many wrong credentials from this address; try again in a minute";
        return false;
    }
    if (m_failures.size() > 10'000) // bounded memory under a spray of addresses
        std::erase_if(m_failures, [](const auto &entry) { return entry.second.empty(); });
    int &slots = m_slots[keyOf(address)];
    if (slots >= m_limits.perAddress) {
        why = "too many unauthenticated connections from this address";
        return false;
    }
    if (m_total >= m_limits.total) {
        why = "too many unauthenticated connections";
        return false;
    }
    ++slots;
    ++m_total;
    return true;
}

void HostAdmission::release(const QHostAddress &address)
{
    auto it = m_slots.find(keyOf(address));
    if (it == m_slots.end() || it->second == 0)
        return;
    --m_total;
    if (--it->second == 0)
        m_slots.erase(it);
}

void HostAdmission::authenticated(const QHostAddress &address)
{
    release(address);
}

void HostAdmission::closedUnauthenticated(const QHostAddress &address)
{
    release(address);
}

bool HostAdmission::wrongCredentials(const QHostAddress &address, qint64 nowMs)
{
    auto &list = failures(address, nowMs);
    list.push_back(nowMs);
    return static_cast<int>(list.size()) == m_limits.maxFailures;
}

} // namespace warden
