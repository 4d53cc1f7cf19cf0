#include "core/common/Timestamp.h"

#include <chrono>
#include <cstdio>

namespace warden::Timestamp {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t count, int &out)
{
    if (pos + count > s.size())
        return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

} // namespace

Result<std::int64_t> parse(std::string_view s)
{
    using namespace std::chrono;
    auto bad = [&] { return fail("\"" + std::string(s) + "\" is not an RFC 3339 time (e.g. 2026-11-24T10:00:00Z)"); };
    int y, mo, d, h, mi, sec;
    if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' ||
        !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
        return bad();
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60)
        return bad();
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            millis += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return bad();
    }
    std::int64_t offsetSeconds = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
            oh > 23 || om > 59)
            return bad();
        offsetSeconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return bad();
    }
    if (pos != s.size())
        return bad();
    std::int64_t days = sys_days(ymd).time_since_epoch().count();
    std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + std::min(sec, 59) - offsetSeconds;
    return seconds * 1000 + millis;
}

std::string format(std::int64_t epochMs)
{
    using namespace std::chrono;
    std::int64_t seconds = epochMs >= 0 ? epochMs / 1000 : -((-epochMs + 999) / 1000);
    int millis = static_cast<int>(epochMs - seconds * 1000);
    std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    std::int64_t rem = seconds - days * 86400;
    year_month_day ymd{sys_days{std::chrono::days{days}}};
    char buf[40];
    if (millis)
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60),
                      millis);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
    return buf;
}

} // namespace warden::Timestamp
