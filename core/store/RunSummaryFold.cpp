#include "core/store/RunSummaryFold.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

namespace warden::RunSummaryFold {

bool endsTheRun(const std::string &state)
{
    return state == "finished" || state == "failed" || state == "killed";
}

Result<void> apply(const AuditRecord &r, RunSummary &s)
{
    if (r.type == "action") {
        ++s.actions;
        return {};
    }
    if (r.type != "run_started" && r.type != "judgement" && r.type != "run_state")
        return {};
    // Read back from disk, so untrusted; a declaration inside may be 16 MiB.
    auto payload = WireJson::parse(r.payload, {std::size_t{64} << 20, 64});
    if (!payload)
        return fail("malformed " + r.type + " record: " + payload.error().message);
    const nlohmann::json &p = *payload;
    const auto text = [&](const char *key) { return JsonLookup::requiredString(p, key, 1 << 20); };
    if (r.type == "run_started") {
        auto agent = text("agent");
        auto source = text("source");
        auto sha = text("declaration_sha256");
        auto host = JsonLookup::optionalString(p, "host", 1 << 20);
        for (const auto *field : {&agent, &source, &sha})
            if (!*field)
                return fail("malformed run_started record: " + field->error().message);
        if (!host)
            return fail("malformed run_started record: " + host.error().message);
        s.runId = r.runId;
        s.agent = *agent;
        s.source = *source;
        s.host = host->value_or("");
        s.state = "running";
        s.startedMs = r.timeMs;
        s.declarationSha256 = *sha;
    } else if (r.type == "judgement") {
        auto label = text("label");
        auto summary = text("summary");
        const auto confidence = p.is_object() ? p.find("confidence") : p.end();
        if (!label || !summary || confidence == p.end() || !confidence->is_number())
            return fail("malformed judgement record: needs label, confidence and summary");
        s.label = *label;
        s.confidence = confidence->get<double>();
        s.summary = *summary;
    } else {
        auto state = text("state");
        if (!state)
            return fail("malformed run_state record: " + state.error().message);
        s.state = *state;
        if (endsTheRun(*state))
            s.endedMs = r.timeMs;
    }
    return {};
}

} // namespace warden::RunSummaryFold
