#pragma once

#include "core/common/Error.h"
#include "core/judge/Judgement.h"
#include "core/policy/Declaration.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// One stored action that a new declaration would decide differently.
struct DecisionChange {
    std::int64_t seq = 0;
    std::string kind;   // the action's kind (tool_call, egress, process, ...)
    std::string action; // Action::describe(), as stored (agent text: escape before printing)
    // The decision under the run's own declaration, as the engine makes it
    // now (the stored one when that declaration no longer reads), and under
    // the new one: allow, deny, approval_required.
    std::string before;
    std::string after;
    // The decision on record, when it differs from `before`: made by a rule
    // outside the declaration (the run's own command, a planted file) or
    // by an engine since changed.
    std::string recorded;
    std::string rule;    // the rule that decides it now, when one does
    std::string reasons; // why, as the agent would now be told
};

// What one stored run would have looked like under the new declaration.
struct RunWhatIf {
    std::string runId;
    std::string agent;
    std::int64_t startedMs = 0;
    std::string declarationSha256; // the declaration the run had
    std::string storedLabel;       // the judge's last word on record; empty when never judged
    // The judge over the run's actions, once with the decisions of the run's
    // own declaration and once with the new one: the same judge both times,
    // so that a change is the declaration's, not the judge's since the run.
    Judgement before;
    Judgement after;
    std::int64_t actions = 0;
    std::int64_t unanswered = 0;               // actions the run ended before deciding: not compared
    std::vector<DecisionChange> changes;       // the first WhatIfSelection::changesKept of them
    std::int64_t changed = 0;                  // all of them
    std::map<std::string, std::int64_t> moves; // "allow -> deny": how many
    bool nowAllowsSomething = false;           // some change ends in allow
    std::string problem; // set when the run's own declaration no longer reads: `before` is then unknown

    bool verdictChanged() const { return problem.empty() && before.label != after.label; }
    // Judged malicious (on record, or on replay under its own declaration),
    // and something it was not allowed to do would now be allowed: the gate
    // a declaration change must not open.
    bool opensMaliciousRun() const;
};

struct WhatIfSelection {
    std::string agent;                   // empty: every agent
    std::optional<std::int64_t> sinceMs; // runs started at or after
    std::vector<std::string> runIds;     // full ids; empty: every run
    // Changes kept in full per run; past it they are counted (a declaration
    // that denies a million stored actions must not need their text twice).
    std::size_t changesKept = 100'000;
};

struct WhatIfReport {
    std::int64_t recordsVerified = 0;
    std::int64_t actions = 0;    // replayed, over every selected run
    std::vector<RunWhatIf> runs; // in the order they started
};

// Re-decides the stored actions of selected runs under a new declaration
// with the live policy engine, and judges each run again (Judge). It reads
// only the verified chain: the records come from `audit verify`'s own walk
// (one snapshot, each hash proven), and a store that does not verify is
// refused, naming why. Decisions are made on all cores a block at a time
// while the walk goes on; the judges follow in sequence order.
class WhatIfReplay {
public:
    static Result<WhatIfReport> replay(const std::string &databasePath, std::shared_ptr<const Declaration> next,
                                       const WhatIfSelection &selection);
};

} // namespace warden
