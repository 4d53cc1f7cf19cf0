#pragma once

#include "core/policy/Verdict.h"
#include "core/store/AuditRecord.h"
#include "core/trace/Action.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// What a run lends the parts that handle one door's traffic (CallRouter,
// McpDoor): its judging, its store (within the run's quota), its canary
// redaction and its output. LiveRun is the one that implements it.
class RunRecorder {
public:
    using Judged = std::function<void(const Action &, const Verdict &)>;

    virtual ~RunRecorder() = default;

    // Kinds whose allowed actions take effect inside the sandbox only: a
    // program started, a file written in a declared scope. Egress, tool
    // calls, model requests and privileged calls cross its boundary.
    static bool staysInside(ActionKind kind) { return kind == ActionKind::Process || kind == ActionKind::File; }

    // Judges `action` (denied with `denial` whatever the declaration says,
    // when given), records it, then calls `then` with what took effect.
    virtual void judgeAndRecord(Action action, Judged then, std::optional<Reason> denial = std::nullopt) = 0;
    // Numbers and records `action` as decided without the policy (the run's
    // own command, a call Warden refused before judging): the judge sees it.
    virtual void recordDecided(Action action, Verdict verdict) = 0;
    // A thread-safe test, for a door's own thread, that `action` may go
    // ahead before the run judges it: the declaration allows it and it stays
    // inside the sandbox (docs/AUDIT.md). Always false once the run stops
    // letting actions through that way (ended, over its quota, store failed).
    virtual std::function<bool(const Action &)> allowsAtOnce() const = 0;
    // Records an action that `allowsAtOnce` let go ahead: judged, numbered and
    // recorded with the next group, whatever the run's state now (it ran).
    virtual void recordAllowedAtOnce(Action action) = 0;
    // Appends `records`; `then(false)` when they were not recorded.
    virtual void record(std::vector<AuditRecord> records, std::function<void(bool)> then) = 0;
    // Cuts the run's canary values out of `text`.
    virtual void redact(std::string &text) const = 0;
    // Finds the run's canary values (and their encodings) in `text`, by name.
    virtual std::vector<std::string> canariesIn(const std::string &text) const = 0;
    // A line of the warden's own in the agent's output (redacted already).
    virtual void say(const std::string &line) = 0;
    // The run's last action, for records about what came after it.
    virtual std::int64_t lastSeq() const = 0;
    virtual const std::string &runIdentity() const = 0;
};

} // namespace warden
