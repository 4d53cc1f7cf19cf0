#pragma once

#include <cstdint>
#include <string>

namespace warden {

// One entry of the append-only audit log. `payload` is canonical JSON (keys
// sorted, no spaces), so its bytes are what the hash chain covers.
struct AuditRecord {
    std::int64_t id = 0;     // assigned by the store: 1, 2, 3, ... without gaps
    std::int64_t timeMs = 0; // when the warden recorded it, UTC epoch ms
    std::string runId;
    std::string type;     // run_started, action, verdict, judgement, run_state, approval
    std::int64_t seq = 0; // the action's sequence number, 0 when not about one action
    std::string payload;
    std::string prevHash; // hex SHA-256 of the previous record, 64 zeros for the first
    std::string hash;     // hex SHA-256 over prevHash and this record's content
};

} // namespace warden
