#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <functional>
#include <string>

namespace warden {

// Checks the whole audit chain offline: ids without gaps, each record's
// prev_hash equal to its predecessor's hash, each hash recomputed from the
// record's content, and the chain's end against the head anchor.
class AuditVerifier {
public:
    struct Report {
        bool intact = true;
        std::int64_t records = 0;
        std::int64_t firstBroken = 0; // id of the first bad record; 0 when intact or when only the tail is unproven
        std::string problem;          // one sentence, empty when intact
        bool anchorChecked = false;
        std::string headHash;

        // "intact: N records verified, head anchor matches", "BROKEN at record
        // N of M: why", or "NOT PROVEN: ..." when the head anchor is missing.
        std::string sentence() const;
    };

    // `progress` (optional) is called every 65,536 records with the count so far.
    static Result<Report> verify(const std::string &databasePath,
                                 const std::function<void(std::int64_t)> &progress = {});
};

} // namespace warden
