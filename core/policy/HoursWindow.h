#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warden {

// A daily time window such as "08:00-18:00" in a named time zone (UTC when
// none is given). The start is inclusive, the end exclusive; a window whose end
// is before its start wraps past midnight. The zone's UTC offsets are resolved
// once at compile time into a transition table, so checking a time is pure,
// lock-free and does no I/O.
class HoursWindow {
public:
    static Result<HoursWindow> parse(std::string_view hours, std::string_view timeZone);

    bool contains(std::int64_t epochMs) const;
    std::string describe() const;

private:
    int offsetAt(std::int64_t epochSeconds) const;

    int m_startMinute = 0;
    int m_endMinute = 0;
    std::string m_text;
    std::string m_zone;
    // (UTC seconds at which an offset starts, offset in seconds), sorted.
    std::vector<std::pair<std::int64_t, int>> m_offsets;
};

} // namespace warden
