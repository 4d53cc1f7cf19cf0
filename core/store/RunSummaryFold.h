#pragma once

#include "core/common/Error.h"
#include "core/store/AuditRecord.h"
#include "core/store/RunReader.h"

namespace warden::RunSummaryFold {

// How one chained record changes its run's summary (the `runs` table that run
// lists read). The store applies it as it commits; the verifier replays it
// over the whole chain and compares, so an edited summary (a "malicious" run
// relabelled "benign", a run hidden from the list) is caught although the
// table itself is not chained. Records of other types leave it unchanged.
Result<void> apply(const AuditRecord &record, RunSummary &summary);

// Whether a run_state record's state ends the run (and sets its end time).
bool endsTheRun(const std::string &state);

} // namespace warden::RunSummaryFold
