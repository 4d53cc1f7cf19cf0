#include "core/investigate/OtlpRunSpans.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/store/RunSummaryFold.h"

#include <openssl/sha.h>

#include <algorithm>

namespace warden {

namespace {

using Json = nlohmann::json;

std::array<std::uint8_t, 32> sha256(const std::string &text)
{
    std::array<std::uint8_t, 32> digest{};
    SHA256(reinterpret_cast<const unsigned char *>(text.data()), text.size(), digest.data());
    return digest;
}

template <std::size_t N>
std::array<std::uint8_t, N> idFrom(const std::string &text)
{
    const auto digest = sha256(text);
    std::array<std::uint8_t, N> id{};
    std::copy_n(digest.begin(), N, id.begin());
    if (id == std::array<std::uint8_t, N>{})
        id[N - 1] = 1; // an all-zero id is invalid in OTLP
    return id;
}

// A run id is a UUID: its 16 bytes are the trace id, so a trace can be
// found by the run id a reviewer already has. Anything else is hashed.
std::array<std::uint8_t, 16> traceIdOf(const std::string &runId)
{
    std::string hex;
    for (char c : runId)
        if (c != '-')
            hex.push_back(c);
    std::array<std::uint8_t, 16> id{};
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    bool ok = hex.size() == 32;
    for (std::size_t i = 0; ok && i < 16; ++i) {
        const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        ok = hi >= 0 && lo >= 0;
        id[i] = static_cast<std::uint8_t>(ok ? hi * 16 + lo : 0);
    }
    return ok && id != std::array<std::uint8_t, 16>{} ? id : idFrom<16>("warden run " + runId);
}

// An imported trace may carry any time: past the year 2554 the product
// would not fit, so it is held at the largest that does.
std::uint64_t nanos(std::int64_t ms)
{
    constexpr std::int64_t kMaxMs = static_cast<std::int64_t>(UINT64_MAX / 1'000'000ULL);
    return ms > 0 ? static_cast<std::uint64_t>(std::min(ms, kMaxMs)) * 1'000'000ULL : 0;
}

std::vector<std::string> stringsOf(const Json &object, const char *key)
{
    std::vector<std::string> out;
    auto it = object.is_object() ? object.find(key) : object.end();
    if (it != object.end() && it->is_array())
        for (const auto &item : *it)
            if (item.is_string())
                out.push_back(item.get<std::string>());
    return out;
}

std::string joined(const std::vector<std::string> &words, const char *by)
{
    std::string out;
    for (const auto &w : words)
        out += (out.empty() ? "" : by) + w;
    return out;
}

} // namespace

OtlpRunSpans::OtlpRunSpans(std::string runId)
    : m_runId(std::move(runId)), m_traceId(traceIdOf(m_runId)), m_rootId(idFrom<8>("warden run span " + m_runId))
{}

void OtlpRunSpans::common(std::vector<OtlpAttribute> &a) const
{
    a.push_back({"gen_ai.agent.name", m_agent});
    if (!m_declarationSha256.empty())
        a.push_back({"gen_ai.agent.id", m_declarationSha256});
    a.push_back({"gen_ai.conversation.id", m_runId});
    a.push_back({"warden.run.id", m_runId});
}

std::vector<OtlpSpan> OtlpRunSpans::add(const AuditRecord &r)
{
    std::vector<OtlpSpan> done;
    if (m_ended)
        return done;
    if (r.type == "run_started") {
        const Json payload = WireJson::parseStored(r.payload);
        m_agent = JsonLookup::stringOr(payload, "agent");
        m_declarationSha256 = JsonLookup::stringOr(payload, "declaration_sha256");
        m_host = JsonLookup::stringOr(payload, "host");
        m_startedMs = r.timeMs;
    } else if (r.type == "action") {
        const Json payload = WireJson::parseStored(r.payload);
        auto action = payload.is_discarded() ? Result<Action>(fail("not JSON")) : Action::fromJson(payload);
        if (!action)
            return done; // `audit verify` names a record that does not read; a trace shows what does
        ++m_actions;
        if (m_pending.size() >= kMaxPending) {
            done.push_back(actionSpan(m_pending.begin()->second, Json::object(), m_pending.begin()->second.recordMs));
            m_pending.erase(m_pending.begin());
        }
        m_pending[r.seq] = {std::move(*action), r.timeMs};
    } else if (r.type == "verdict") {
        auto it = m_pending.find(r.seq);
        if (it != m_pending.end()) {
            done.push_back(actionSpan(it->second, WireJson::parseStored(r.payload), r.timeMs));
            m_pending.erase(it);
        }
    } else if (r.type == "judgement") {
        if (Json payload = WireJson::parseStored(r.payload); payload.is_object())
            m_judgement = std::move(payload);
    } else if (r.type == "run_state") {
        const Json payload = WireJson::parseStored(r.payload);
        const std::string state = JsonLookup::stringOr(payload, "state");
        if (RunSummaryFold::endsTheRun(state)) {
            for (const auto &[seq, pending] : m_pending)
                done.push_back(actionSpan(pending, Json::object(), r.timeMs));
            m_pending.clear();
            done.push_back(rootSpan(r.timeMs, state, JsonLookup::stringOr(payload, "reason")));
            m_ended = true;
        }
    }
    return done;
}

std::vector<OtlpSpan> OtlpRunSpans::unfinished(std::int64_t nowMs)
{
    std::vector<OtlpSpan> done;
    if (m_ended)
        return done;
    for (const auto &[seq, pending] : m_pending)
        done.push_back(actionSpan(pending, Json::object(), nowMs));
    m_pending.clear();
    done.push_back(rootSpan(nowMs, "unfinished", "the record ends here (the run had not ended when it was sent)"));
    m_ended = true;
    return done;
}

OtlpSpan OtlpRunSpans::actionSpan(const Pending &p, const Json &verdict, std::int64_t decidedMs) const
{
    const Action &a = p.action;
    OtlpSpan s;
    s.traceId = m_traceId;
    s.spanId = idFrom<8>("warden action span " + m_runId + "/" + std::to_string(a.seq));
    s.parentSpanId = m_rootId;
    const std::int64_t startMs = a.timeMs.value_or(p.recordMs);
    s.startNs = nanos(startMs);
    s.endNs = nanos(std::max(startMs, decidedMs));
    const std::string decision = JsonLookup::stringOr(verdict, "decision");
    const bool refused = decision == "deny";
    auto &at = s.attributes;
    switch (a.kind) {
    case ActionKind::ToolCall: {
        // A call through an MCP server is named by the protocol; the tool
        // name leaves out Warden's "SERVER." prefix. Only tools/call runs a
        // tool: resources/read and prompts/get are named by their method.
        const auto dot = a.tool.find('.');
        const std::string tool = !a.mcp.empty() && dot != std::string::npos ? a.tool.substr(dot + 1) : a.tool;
        const bool runsTool = a.mcp.empty() || a.mcp.method == "tools/call";
        s.kind = OtlpSpan::Client;
        if (runsTool) {
            at.push_back({"gen_ai.operation.name", std::string("execute_tool")});
            at.push_back({"gen_ai.tool.name", tool});
        }
        if (!a.mcp.empty()) {
            s.name = runsTool ? a.mcp.method + " " + tool : a.mcp.method;
            at.push_back({"mcp.method.name", a.mcp.method});
            if (!a.mcp.requestId.empty())
                at.push_back({"jsonrpc.request.id", a.mcp.requestId});
            if (!a.mcp.session.empty())
                at.push_back({"mcp.session.id", a.mcp.session});
            if (!a.mcp.protocol.empty())
                at.push_back({"mcp.protocol.version", a.mcp.protocol});
            if (dot != std::string::npos)
                at.push_back({"warden.mcp.server", a.tool.substr(0, dot)});
        } else {
            s.name = "execute_tool " + tool;
        }
        if (refused)
            at.push_back({"error.type", std::string(runsTool ? "tool_error" : "warden.refused")});
        break;
    }
    case ActionKind::Model:
        s.kind = OtlpSpan::Client;
        s.name = "chat " + a.tool;
        at.push_back({"gen_ai.operation.name", std::string("chat")});
        at.push_back({"gen_ai.provider.name", a.tool});
        if (!a.name.empty())
            at.push_back({"gen_ai.request.model", a.name});
        if (!a.host.empty())
            at.push_back({"server.address", a.host});
        break;
    case ActionKind::Egress:
        s.kind = OtlpSpan::Client;
        s.name = (a.method.empty() ? std::string("egress") : a.method) + " " + (a.host.empty() ? a.url : a.host);
        if (!a.host.empty())
            at.push_back({"server.address", a.host});
        if (a.port > 0)
            at.push_back({"server.port", std::int64_t(a.port)});
        if (!a.url.empty())
            at.push_back({"url.full", a.url});
        if (!a.method.empty())
            at.push_back({"http.request.method", a.method});
        break;
    case ActionKind::Process: {
        const std::string program = a.argv.empty() ? std::string() : a.argv.front();
        s.name = "exec " +
                 program.substr(program.find_last_of('/') == std::string::npos ? 0 : program.find_last_of('/') + 1);
        at.push_back({"process.executable.path", program});
        at.push_back({"process.command_args", a.argv});
        break;
    }
    case ActionKind::File:
        s.name = "file " + a.op;
        at.push_back({"file.path", a.path});
        at.push_back({"warden.file.op", a.op});
        break;
    case ActionKind::SecretRead:
        s.name = "secret_read " + a.name;
        at.push_back({"warden.secret.name", a.name});
        if (!a.path.empty())
            at.push_back({"file.path", a.path});
        break;
    case ActionKind::Syscall:
        s.name = "syscall " + a.call;
        at.push_back({"warden.syscall", a.call});
        break;
    }
    common(at);
    at.push_back({"warden.seq", a.seq});
    at.push_back({"warden.kind", std::string(actionKindName(a.kind))});
    at.push_back({"warden.decision", decision.empty() ? std::string("undecided") : decision});
    if (verdict.is_object()) {
        const auto declared = verdict.find("declared");
        at.push_back({"warden.declared", declared != verdict.end() && declared->is_boolean() && declared->get<bool>()});
        if (auto rules = stringsOf(verdict, "rules"); !rules.empty())
            at.push_back({"warden.rule", joined(rules, "; ")});
        if (auto reasons = stringsOf(verdict, "reasons"); !reasons.empty())
            at.push_back({"warden.reasons", joined(reasons, "; ")});
    }
    if (!a.source.empty())
        at.push_back({"warden.source", a.source});
    if (!a.canaries.empty())
        at.push_back({"warden.canaries", a.canaries});
    if (refused) {
        s.status = OtlpSpan::Error;
        s.statusMessage = joined(stringsOf(verdict, "reasons"), "; ");
    }
    return s;
}

OtlpSpan OtlpRunSpans::rootSpan(std::int64_t endMs, const std::string &state, const std::string &reason) const
{
    OtlpSpan s;
    s.traceId = m_traceId;
    s.spanId = m_rootId;
    s.name = "invoke_agent " + m_agent;
    s.kind = OtlpSpan::Internal;
    s.startNs = nanos(m_startedMs);
    s.endNs = nanos(std::max(m_startedMs, endMs));
    s.attributes.push_back({"gen_ai.operation.name", std::string("invoke_agent")});
    common(s.attributes);
    s.attributes.push_back({"warden.run.state", state});
    s.attributes.push_back({"warden.run.actions", m_actions});
    if (!m_host.empty())
        s.attributes.push_back({"warden.host", m_host});
    if (m_judgement) {
        OtlpEvent e;
        e.timeNs = s.endNs;
        e.name = "gen_ai.evaluation.result";
        e.attributes.push_back({"gen_ai.evaluation.name", std::string("warden.judge")});
        e.attributes.push_back({"gen_ai.evaluation.score.label", JsonLookup::stringOr(*m_judgement, "label")});
        if (auto confidence = JsonLookup::number(*m_judgement, "confidence"))
            e.attributes.push_back({"gen_ai.evaluation.score.value", *confidence});
        e.attributes.push_back({"gen_ai.evaluation.explanation", JsonLookup::stringOr(*m_judgement, "summary")});
        s.events.push_back(std::move(e));
    }
    if (state != "finished") {
        s.status = OtlpSpan::Error;
        s.statusMessage = reason;
    }
    return s;
}

} // namespace warden
