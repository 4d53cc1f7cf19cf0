#include "core/policy/HoursWindow.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace warden {
namespace {

std::optional<int> parseClock(std::string_view s)
{
    if (s.size() != 5 || s[2] != ':')
        return std::nullopt;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4]))
        return std::nullopt;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

} // namespace

Result<HoursWindow> HoursWindow::parse(std::string_view hours, std::string_view timeZone)
{
    HoursWindow w;
    w.m_text = std::string(hours);
    auto dash = hours.find('-');
    auto start = dash == std::string_view::npos ? std::nullopt : parseClock(hours.substr(0, dash));
    auto end = dash == std::string_view::npos ? std::nullopt : parseClock(hours.substr(dash + 1));
    if (!start || !end)
        return fail("hours \"" + w.m_text + "\" is not of the form HH:MM-HH:MM");
    if (*start == *end)
        return fail("hours \"" + w.m_text + "\" is an empty window");
    w.m_startMinute = *start;
    w.m_endMinute = *end;

    w.m_zone = timeZone.empty() ? std::string("UTC") : std::string(timeZone);
    if (w.m_zone == "UTC") {
        w.m_offsets.emplace_back(INT64_MIN, 0);
        return w;
    }
    QTimeZone zone(QByteArray::fromStdString(w.m_zone));
    if (!zone.isValid())
        return fail("unknown time zone \"" + w.m_zone + "\"");
    const QDateTime from = QDateTime::fromSecsSinceEpoch(0, QTimeZone::utc());
    const QDateTime to = QDateTime::fromSecsSinceEpoch(4102444800LL, QTimeZone::utc()); // 2100-01-01
    w.m_offsets.emplace_back(INT64_MIN, zone.offsetFromUtc(from));
    for (const auto &t : zone.transitions(from, to))
        w.m_offsets.emplace_back(t.atUtc.toSecsSinceEpoch(), t.offsetFromUtc);
    return w;
}

int HoursWindow::offsetAt(std::int64_t epochSeconds) const
{
    auto it = std::upper_bound(m_offsets.begin(), m_offsets.end(), epochSeconds,
                               [](std::int64_t t, const auto &entry) { return t < entry.first; });
    return it == m_offsets.begin() ? m_offsets.front().second : std::prev(it)->second;
}

bool HoursWindow::contains(std::int64_t epochMs) const
{
    std::int64_t seconds = epochMs >= 0 ? epochMs / 1000 : -((-epochMs + 999) / 1000);
    std::int64_t local = seconds + offsetAt(seconds);
    std::int64_t minuteOfDay = ((local % 86400) + 86400) % 86400 / 60;
    if (m_startMinute < m_endMinute)
        return minuteOfDay >= m_startMinute && minuteOfDay < m_endMinute;
    return minuteOfDay >= m_startMinute || minuteOfDay < m_endMinute;
}

std::string HoursWindow::describe() const
{
    return m_text + " " + m_zone;
}

} // namespace warden
