#pragma once

#include "core/policy/StoredVerdict.h"
#include "core/store/RunReader.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>

namespace warden::OcsfEvents {

// The run an event belongs to.
struct RunContext {
    std::string runId;
    std::string agent;
    std::string host;           // where its sandbox ran (bwrap, a Docker endpoint, a host daemon)
    std::int64_t startedMs = 0; // the time of an action that has none of its own
    std::string declarationSha256;
};

// The OCSF schema version the events are written to (tests/ocsf holds it).
constexpr const char *kSchemaVersion = "1.8.0";

// One action and the decision on it as an OCSF 1.8.0 event: a program run
// is Process Activity (1007), a file change or a secret read from a file is
// File System Activity (1001), egress is Network Activity (4001), a tool or
// MCP call, a model request and any other secret read are API Activity
// (6003), a privileged system call is Process Activity with activity Other.
// The decision is the security_control profile's action and disposition;
// Warden's own words (decision, declared, rules, reasons, source, seq) are
// under unmapped.warden.
nlohmann::json ofAction(const RunContext &run, const Action &action, const StoredVerdict &verdict);

// The judge's verdict on the run (the stored judgement record) as a
// Detection Finding (2004) whose related events are its evidence.
nlohmann::json ofJudgement(const RunContext &run, const nlohmann::json &judgement, std::int64_t timeMs);

// Every action of a stored run (loaded with RunReader::loadRun) and its
// verdict, one JSON event per line; the number of lines written.
std::int64_t writeRun(const RunDetail &run, std::ostream &out);

} // namespace warden::OcsfEvents
