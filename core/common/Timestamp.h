#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace warden::Timestamp {

// RFC 3339 ("2026-11-24T10:00:00Z", "2026-11-24T12:00:00.250+02:00") to
// milliseconds since the Unix epoch, UTC. A zone designator is required.
Result<std::int64_t> parse(std::string_view text);

// Milliseconds since the epoch to "2026-11-24T10:00:00.250Z" (".250" only when
// there are milliseconds).
std::string format(std::int64_t epochMs);

} // namespace warden::Timestamp
