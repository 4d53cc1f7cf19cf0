#include "core/investigate/OcsfEvents.h"

#include "core/json/JsonLookup.h"

#include <algorithm>
#include <cmath>

namespace warden::OcsfEvents {

using nlohmann::json;

namespace {

struct EventClass {
    int uid;
    const char *name;
    int category;
    const char *categoryName;
};
constexpr EventClass kProcess{1007, "Process Activity", 1, "System Activity"};
constexpr EventClass kFile{1001, "File System Activity", 1, "System Activity"};
constexpr EventClass kNetwork{4001, "Network Activity", 4, "Network Activity"};
constexpr EventClass kApi{6003, "API Activity", 6, "Application Activity"};
constexpr EventClass kFinding{2004, "Detection Finding", 2, "Findings"};

constexpr const char *kSeverity[] = {"Unknown", "Informational", "Low", "Medium", "High", "Critical", "Fatal"};

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

json metadata(const RunContext &run, const std::string &uid)
{
    return {{"version", kSchemaVersion},
            {"product", {{"name", "Warden"}, {"vendor_name", "Warden"}, {"version", WARDEN_VERSION}}},
            {"uid", uid},
            {"correlation_uid", run.runId},
            {"log_name", "audit"},
            {"profiles", json::array({"security_control"})}};
}

json event(const EventClass &c, int activity, const std::string &activityName, int severity, std::int64_t timeMs)
{
    return {{"class_uid", c.uid},
            {"class_name", c.name},
            {"category_uid", c.category},
            {"category_name", c.categoryName},
            {"activity_id", activity},
            {"activity_name", activityName},
            {"type_uid", c.uid * 100 + activity},
            {"type_name", std::string(c.name) + ": " + activityName},
            {"severity_id", severity},
            {"severity", kSeverity[severity]},
            {"time", timeMs}};
}

// The sandbox the agent ran in, as the device; the agent as the actor.
json device(const RunContext &run)
{
    return {{"type_id", 0}, {"type", "Unknown"}, {"name", run.host.empty() ? "sandbox" : run.host}};
}

json actor(const RunContext &run)
{
    return {{"app_name", run.agent}, {"app_uid", run.runId}};
}

json sandboxEndpoint(const RunContext &run)
{
    return {{"name", "agent sandbox"}, {"uid", run.runId}};
}

// A file-kind action's op as File System Activity's activity.
std::pair<int, std::string> fileActivity(const std::string &op)
{
    if (op == "read")
        return {2, "Read"};
    if (op == "write")
        return {3, "Update"};
    if (op == "create")
        return {1, "Create"};
    if (op == "delete")
        return {4, "Delete"};
    if (op == "rename")
        return {5, "Rename"};
    if (op == "open")
        return {14, "Open"};
    return {99, op.empty() ? std::string("Other") : op};
}

json fileObject(const std::string &path)
{
    json file = {{"name", baseName(path)}, {"path", path}, {"type_id", 0}, {"type", "Unknown"}};
    if (const auto slash = path.find_last_of('/'); slash != std::string::npos && slash > 0)
        file["parent_folder"] = path.substr(0, slash);
    return file;
}

} // namespace

json ofAction(const RunContext &run, const Action &a, const StoredVerdict &v)
{
    const bool allowed = v.decision == "allow";
    const bool denied = v.decision == "deny";
    const bool held = v.decision == "approval_required";
    const bool carriesCanary = !a.canaries.empty();
    const int severity = carriesCanary ? 4 : denied ? 3 : (held || !v.declared) ? 2 : 1;
    const std::int64_t time = a.timeMs.value_or(run.startedMs);
    json e;
    switch (a.kind) {
    case ActionKind::Process: {
        e = event(kProcess, 1, "Launch", severity, time);
        std::string commandLine;
        for (const auto &word : a.argv)
            commandLine += (commandLine.empty() ? "" : " ") + word;
        const std::string program = a.argv.empty() ? std::string() : a.argv.front();
        json process = {{"uid", run.runId + ":" + std::to_string(a.seq)}, {"cmd_line", commandLine}};
        if (!program.empty()) {
            process["name"] = baseName(program);
            process["file"] = fileObject(program);
        }
        e["process"] = std::move(process);
        e["launch_type_id"] = 3;
        e["launch_type"] = "Exec";
        break;
    }
    case ActionKind::Syscall:
        e = event(kProcess, 99, "System call " + a.call, severity, time);
        e["process"] = {{"uid", run.runId + ":" + std::to_string(a.seq)}};
        break;
    case ActionKind::File: {
        auto [activity, name] = fileActivity(a.op);
        e = event(kFile, activity, name, severity, time);
        e["file"] = fileObject(a.path);
        break;
    }
    case ActionKind::SecretRead:
        if (!a.path.empty()) {
            e = event(kFile, 2, "Read", severity, time);
            e["file"] = fileObject(a.path);
        } else {
            e = event(kApi, 2, "Read", severity, time);
            e["api"] = {{"operation", "read secret"}, {"service", {{"name", "environment"}}}};
            e["src_endpoint"] = sandboxEndpoint(run);
            e["resources"] = json::array({{{"name", a.name}, {"type", "secret"}}});
        }
        break;
    case ActionKind::Egress: {
        e = event(kNetwork,
                  allowed  ? 1
                  : denied ? 5
                           : 99,
                  allowed  ? "Open"
                  : denied ? "Refuse"
                           : "Held for approval",
                  severity, time);
        json destination = {{"hostname", a.host.empty() ? std::string("unknown") : a.host}};
        if (a.port > 0 && a.port <= 65535)
            destination["port"] = a.port;
        e["dst_endpoint"] = std::move(destination);
        e["src_endpoint"] = sandboxEndpoint(run);
        e["connection_info"] = {{"direction_id", 2}, {"direction", "Outbound"}};
        if (!a.url.empty())
            e["url"] = {{"url_string", a.url}};
        break;
    }
    case ActionKind::ToolCall:
    case ActionKind::Model: {
        const bool model = a.kind == ActionKind::Model;
        e = event(kApi, 99, model ? "Model request" : "Tool call", severity, time);
        const auto dot = a.tool.find('.');
        const bool mcp = a.source == "mcp";
        const std::string service = model                             ? a.tool
                                    : mcp && dot != std::string::npos ? a.tool.substr(0, dot)
                                                                      : "gateway";
        const std::string operation = model ? "model request"
                                      : mcp ? (a.mcp.empty() ? "tools/call" : a.mcp.method)
                                            : a.tool;
        e["api"] = {{"operation", operation}, {"service", {{"name", service}}}};
        e["src_endpoint"] = sandboxEndpoint(run);
        e["dst_endpoint"] = {{"name", service}, {"svc_name", model ? "model" : mcp ? "mcp" : "tool"}};
        e["resources"] = json::array({{{"name", a.tool},
                                       {"type", model ? "model provider"
                                                : mcp ? "MCP tool"
                                                      : "tool"}}});
        break;
    }
    }
    e["metadata"] = metadata(run, run.runId + ":" + std::to_string(a.seq));
    e["actor"] = actor(run);
    e["device"] = device(run);
    e["status_id"] = allowed ? 1 : denied ? 2 : 0;
    e["status"] = allowed ? "Success" : denied ? "Failure" : "Unknown";
    // Held for a reviewer is Other and Delayed; never decided (the run
    // ended first) is Unknown.
    e["action_id"] = allowed ? 1 : denied ? 2 : held ? 99 : 0;
    e["action"] = allowed ? "Allowed" : denied ? "Denied" : held ? "Held for approval" : "Unknown";
    e["disposition_id"] = allowed ? 1 : denied ? 2 : held ? 14 : 0;
    e["disposition"] = allowed ? "Allowed" : denied ? "Blocked" : held ? "Delayed" : "Unknown";
    e["message"] = a.describe() + ": " + v.decision + (v.why().empty() ? "" : " (" + v.why() + ")");
    json warden = {{"run_id", run.runId}, {"seq", a.seq},           {"kind", actionKindName(a.kind)},
                   {"agent", run.agent},  {"decision", v.decision}, {"declared", v.declared},
                   {"rules", v.rules},    {"reasons", v.reasons},   {"declaration_sha256", run.declarationSha256}};
    if (!a.source.empty())
        warden["source"] = a.source;
    if (carriesCanary)
        warden["canaries"] = a.canaries;
    if (a.kind == ActionKind::SecretRead)
        warden["secret"] = a.name;
    if (!a.method.empty())
        warden["method"] = a.method;
    e["unmapped"] = {{"warden", std::move(warden)}};
    return e;
}

json ofJudgement(const RunContext &run, const json &judgement, std::int64_t timeMs)
{
    const auto text = [&](const char *key) { return JsonLookup::stringOr(judgement, key); };
    const std::string label = text("label");
    const double confidence = std::clamp(JsonLookup::numberOr(judgement, "confidence", 0), 0.0, 1.0);
    const int severity = label == "malicious" ? 5 : label == "suspicious" ? 3 : 1;
    json e = event(kFinding, 1, "Create", severity, timeMs);
    std::vector<std::string> types;
    json related = json::array();
    if (auto findings = judgement.find("findings"); findings != judgement.end() && findings->is_array())
        for (const auto &f : *findings)
            if (f.is_object() && f.contains("rule") && f.at("rule").is_string())
                types.push_back(f.at("rule").get<std::string>());
    if (auto evidence = judgement.find("evidence"); evidence != judgement.end() && evidence->is_array())
        for (const auto &seq : *evidence)
            if (seq.is_number_integer())
                related.push_back({{"uid", run.runId + ":" + std::to_string(seq.get<std::int64_t>())}});
    json finding = {
        {"uid", run.runId + ":verdict"},
        {"title", run.agent + ": " + (label.empty() ? std::string("not judged") : label)},
        {"desc", text("summary")},
        {"analytic", {{"type_id", 1}, {"type", "Rule"}, {"name", "Warden judge"}, {"uid", "warden.judge"}}}};
    if (!types.empty())
        finding["types"] = types;
    if (!related.empty())
        finding["related_events"] = std::move(related);
    e["finding_info"] = std::move(finding);
    e["metadata"] = metadata(run, run.runId + ":verdict");
    e["confidence_score"] = static_cast<int>(std::lround(confidence * 100));
    e["confidence_id"] = confidence >= 0.8 ? 3 : confidence >= 0.5 ? 2 : 1;
    e["confidence"] = confidence >= 0.8 ? "High" : confidence >= 0.5 ? "Medium" : "Low";
    e["is_alert"] = label == "malicious" || label == "suspicious";
    e["status_id"] = 1;
    e["status"] = "New";
    e["device"] = device(run);
    e["actor"] = actor(run);
    e["message"] = (label.empty() ? std::string("not judged") : label) + ": " + text("summary");
    e["unmapped"] = {{"warden",
                      {{"run_id", run.runId},
                       {"agent", run.agent},
                       {"label", label},
                       {"source", text("source")},
                       {"rules", types}}}};
    return e;
}

std::int64_t writeRun(const RunDetail &run, std::ostream &out)
{
    const RunContext context{run.summary.runId, run.summary.agent, run.summary.host, run.summary.startedMs,
                             run.summary.declarationSha256};
    std::int64_t lines = 0;
    const auto line = [&](const json &e) {
        out << e.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        ++lines;
    };
    const StoredVerdict undecided; // the run ended before the action was decided
    for (std::size_t i = 0; i < run.actions.size(); ++i)
        line(ofAction(context, run.actions[i], i < run.verdicts.size() ? run.verdicts[i] : undecided));
    if (run.judgement)
        line(ofJudgement(context, *run.judgement, run.summary.endedMs.value_or(run.summary.startedMs)));
    return lines;
}

} // namespace warden::OcsfEvents
