#pragma once

#include "core/investigate/OtlpSpan.h"
#include "core/store/AuditRecord.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// Turns a run's audit records, in chain order, into OpenTelemetry spans:
// the run is a trace whose root span is `invoke_agent {agent}` (ended with
// the run, carrying the judge's verdict as a gen_ai.evaluation.result
// event), and each action is a child span from the action to its decision,
// named and attributed by the GenAI and MCP semantic conventions, with
// Warden's own words under warden.*. Ids are derived from the run id and
// the action's sequence number, so sending a run twice gives the same spans.
class OtlpRunSpans {
public:
    explicit OtlpRunSpans(std::string runId);

    // Takes one record of this run; a finished span comes back when the
    // record completes one (a verdict its action, a final state the run).
    std::vector<OtlpSpan> add(const AuditRecord &record);
    bool ended() const { return m_ended; }
    // The spans of a run that has not ended (still going, or cut short
    // before its last record): its actions so far, and its root span up to
    // `nowMs` with the state "unfinished".
    std::vector<OtlpSpan> unfinished(std::int64_t nowMs);
    const std::string &runId() const { return m_runId; }

    // At most this many actions may wait for their verdict; past it the
    // oldest is sent without one.
    static constexpr std::size_t kMaxPending = 65536;

private:
    struct Pending {
        Action action;
        std::int64_t recordMs = 0;
    };
    OtlpSpan actionSpan(const Pending &pending, const nlohmann::json &verdict, std::int64_t decidedMs) const;
    OtlpSpan rootSpan(std::int64_t endMs, const std::string &state, const std::string &reason) const;
    void common(std::vector<OtlpAttribute> &attributes) const;

    std::string m_runId;
    std::array<std::uint8_t, 16> m_traceId{};
    std::array<std::uint8_t, 8> m_rootId{};
    std::string m_agent;
    std::string m_declarationSha256;
    std::string m_host;
    std::int64_t m_startedMs = 0;
    std::int64_t m_actions = 0;
    std::optional<nlohmann::json> m_judgement;
    std::map<std::int64_t, Pending> m_pending; // by seq
    bool m_ended = false;
};

} // namespace warden
