#pragma once

#include "core/common/Error.h"
#include "core/store/AuditRecord.h"

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

    // What a caller adds to the walk.
    struct Walk {
        // Called every 65,536 records with the count so far.
        std::function<void(std::int64_t)> progress;
        // Sees each record once its hash and link are proven, in chain order
        // and from the same snapshot: what-if reads the history this way, so
        // that what it replays is what was verified. A record visited is
        // trustworthy only when the report comes back intact.
        std::function<void(const AuditRecord &)> visit;
        // The derived tables beside the log (the run list, the action rows)
        // are compared with the chain. A reader of the chain itself, which
        // never reads the action rows, may leave those out: they cost about
        // a third of the walk.
        bool checkActionRows = true;
    };
    static Result<Report> verify(const std::string &databasePath, const Walk &walk);
    static Result<Report> verify(const std::string &databasePath) { return verify(databasePath, Walk{}); }
};

} // namespace warden
