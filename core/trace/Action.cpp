#include "core/trace/Action.h"

#include <algorithm>

#include "core/common/Timestamp.h"

#include <set>

namespace warden {

using nlohmann::json;

const char *actionKindName(ActionKind kind)
{
    switch (kind) {
    case ActionKind::ToolCall: return "tool_call";
    case ActionKind::Egress: return "egress";
    case ActionKind::SecretRead: return "secret_read";
    case ActionKind::Process: return "process";
    case ActionKind::File: return "file";
    case ActionKind::Syscall: return "syscall";
    case ActionKind::Model: return "model";
    }
    return "?";
}

std::optional<ActionKind> actionKindFromName(std::string_view name)
{
    if (name == "tool_call")
        return ActionKind::ToolCall;
    if (name == "egress")
        return ActionKind::Egress;
    if (name == "secret_read")
        return ActionKind::SecretRead;
    if (name == "process")
        return ActionKind::Process;
    if (name == "file")
        return ActionKind::File;
    if (name == "syscall")
        return ActionKind::Syscall;
    if (name == "model")
        return ActionKind::Model;
    return std::nullopt;
}

ActionSource actionSourceFromName(std::string_view name)
{
    if (name == "gateway")
        return ActionSource::Gateway;
    if (name == "proxy")
        return ActionSource::Proxy;
    if (name == "scanner")
        return ActionSource::Scanner;
    if (name == "syscall")
        return ActionSource::Syscall;
    if (name == "runtime")
        return ActionSource::Runtime;
    if (name == "model")
        return ActionSource::Model;
    if (name == "mcp")
        return ActionSource::Mcp;
    return ActionSource::Unknown;
}

const char *actionSourceName(ActionSource source)
{
    switch (source) {
    case ActionSource::Gateway: return "gateway";
    case ActionSource::Proxy: return "proxy";
    case ActionSource::Scanner: return "scanner";
    case ActionSource::Syscall: return "syscall";
    case ActionSource::Runtime: return "runtime";
    case ActionSource::Mcp: return "mcp";
    case ActionSource::Model: return "model";
    case ActionSource::Unknown: break;
    }
    return "";
}

namespace {

Result<std::string> stringField(const json &o, const char *key, bool required)
{
    if (!o.contains(key)) {
        if (required)
            return fail("missing required field", std::string("/") + key);
        return std::string();
    }
    const json &v = o.at(key);
    if (!v.is_string())
        return fail("must be a string", std::string("/") + key);
    return v.get<std::string>();
}

Result<std::vector<std::string>> stringList(const json &o, const char *key)
{
    std::vector<std::string> out;
    if (!o.contains(key))
        return out;
    const json &v = o.at(key);
    if (!v.is_array())
        return fail("must be an array of strings", std::string("/") + key);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            return fail("must be a string", std::string("/") + key + "/" + std::to_string(i));
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

Result<std::vector<Action::ToolResult>> toolResults(const json &o)
{
    std::vector<Action::ToolResult> out;
    if (!o.contains("results"))
        return out;
    const json &v = o.at("results");
    if (!v.is_array() || v.size() > Action::kMaxResults)
        return fail("must be an array of at most " + std::to_string(Action::kMaxResults) + " tool results", "/results");
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string at = "/results/" + std::to_string(i);
        if (!v[i].is_object())
            return fail("must be an object", at);
        for (const auto &[key, value] : v[i].items())
            if (key != "tool" && key != "bytes" && key != "excerpt" && key != "cues")
                return fail("field \"" + key + "\" does not belong to a tool result", at + "/" + key);
        Action::ToolResult r;
        auto tool = stringField(v[i], "tool", false);
        auto excerpt = stringField(v[i], "excerpt", false);
        auto cues = stringList(v[i], "cues");
        if (!tool || !excerpt || !cues)
            return fail(!tool      ? tool.error().message
                        : !excerpt ? excerpt.error().message
                                   : cues.error().message,
                        at + (!tool      ? "/tool"
                              : !excerpt ? "/excerpt"
                                         : "/cues"));
        if (v[i].contains("bytes")) {
            const json &b = v[i].at("bytes");
            if (!b.is_number_integer() || b.get<std::int64_t>() < 0)
                return fail("must be a count of bytes", at + "/bytes");
            r.bytes = b.get<std::int64_t>();
        }
        // Bounded as the door writes them (an excerpt can grow by the marks
        // that replace canaries), whatever a file holds.
        if (tool->size() > 1024 || excerpt->size() > 4 * Action::kMaxExcerpt || cues->size() > 16 ||
            std::any_of(cues->begin(), cues->end(), [](const std::string &c) { return c.size() > 128; }))
            return fail("is larger than a tool result the model door records", at);
        r.tool = std::move(*tool);
        r.excerpt = std::move(*excerpt);
        r.cues = std::move(*cues);
        out.push_back(std::move(r));
    }
    return out;
}

// An MCP call's protocol names ("mcp"): four strings, each bounded.
Result<Action::McpCallInfo> mcpInfo(const json &v)
{
    if (!v.is_object())
        return fail("must be an object", "/mcp");
    Action::McpCallInfo info;
    const std::pair<const char *, std::string *> fields[] = {{"method", &info.method},
                                                             {"request_id", &info.requestId},
                                                             {"session", &info.session},
                                                             {"protocol", &info.protocol}};
    for (const auto &[key, value] : v.items())
        if (std::none_of(std::begin(fields), std::end(fields), [&](const auto &f) { return key == f.first; }))
            return fail("unknown field \"" + key + "\" (expected method, request_id, session, protocol)",
                        "/mcp/" + key);
    for (const auto &[key, into] : fields) {
        auto text = stringField(v, key, false);
        if (!text)
            return fail(text.error().message, std::string("/mcp") + text.error().field);
        if (text->size() > Action::McpCallInfo::kMaxField)
            return fail("is longer than " + std::to_string(Action::McpCallInfo::kMaxField) + " bytes",
                        std::string("/mcp/") + key);
        *into = std::move(*text);
    }
    if (info.method.empty())
        return fail("must name the MCP method", "/mcp/method");
    return info;
}

} // namespace

Action::McpCallInfo Action::McpCallInfo::of(const std::string &method, const json &requestId,
                                            const std::string &session, const std::string &protocol)
{
    const auto bounded = [](std::string text) {
        std::erase_if(text, [](char c) { return c < 0x20 || c > 0x7e; });
        text.resize(std::min(text.size(), kMaxField));
        return text;
    };
    // ensure_ascii: a string id's non-ASCII characters become \u escapes.
    return {bounded(method), bounded(requestId.dump(-1, ' ', true, json::error_handler_t::replace)), bounded(session),
            bounded(protocol)};
}

Result<Action> Action::fromJson(const json &o)
{
    if (!o.is_object())
        return fail("an action must be a JSON object");
    Action a;
    if (!o.contains("kind"))
        return fail("missing required field", "/kind");
    if (!o.at("kind").is_string())
        return fail("must be a string", "/kind");
    auto kind = actionKindFromName(o.at("kind").get<std::string>());
    if (!kind)
        return fail("unknown kind \"" + o.at("kind").get<std::string>() +
                        "\" (expected tool_call, egress, secret_read, process, file, syscall or model)",
                    "/kind");
    a.kind = *kind;

    std::set<std::string> known = {"seq", "kind", "time", "source"};
    switch (a.kind) {
    case ActionKind::ToolCall: known.insert({"tool", "params", "justification", "canaries", "mcp"}); break;
    case ActionKind::Egress: known.insert({"host", "port", "method", "url", "canaries"}); break;
    case ActionKind::SecretRead: known.insert({"name", "path"}); break;
    case ActionKind::Process: known.insert({"argv", "canaries"}); break;
    case ActionKind::File: known.insert({"op", "path"}); break;
    case ActionKind::Syscall: known.insert("call"); break;
    case ActionKind::Model:
        known.insert({"provider", "host", "port", "method", "url", "name", "canaries", "results", "withheld"});
        break;
    }
    for (const auto &[key, value] : o.items())
        if (!known.contains(key))
            return fail(std::string("field \"") + key + "\" does not belong to a " + actionKindName(a.kind) + " action",
                        "/" + key);

    if (!o.contains("seq"))
        return fail("missing required field", "/seq");
    if (!o.at("seq").is_number_integer() || o.at("seq").get<std::int64_t>() < 1 ||
        (o.at("seq").is_number_unsigned() && o.at("seq").get<std::uint64_t>() > INT64_MAX))
        return fail("must be a positive integer", "/seq");
    a.seq = o.at("seq").get<std::int64_t>();

    if (o.contains("time")) {
        if (!o.at("time").is_string())
            return fail("must be an RFC 3339 string", "/time");
        auto t = Timestamp::parse(o.at("time").get<std::string>());
        if (!t)
            return fail(t.error().message, "/time");
        a.timeMs = *t;
    }
    auto source = stringField(o, "source", false);
    if (!source)
        return std::unexpected(source.error());
    a.source = std::move(*source);

    auto take = [&](const char *key, bool required, std::string &into) -> Result<void> {
        auto v = stringField(o, key, required);
        if (!v)
            return std::unexpected(v.error());
        if (required && v->empty())
            return fail("must not be empty", std::string("/") + key);
        into = std::move(*v);
        return {};
    };

    Result<void> ok;
    switch (a.kind) {
    case ActionKind::ToolCall:
        if (ok = take("tool", true, a.tool); !ok)
            return std::unexpected(ok.error());
        if (ok = take("justification", false, a.justification); !ok)
            return std::unexpected(ok.error());
        if (o.contains("params")) {
            if (!o.at("params").is_object())
                return fail("must be an object", "/params");
            a.params = o.at("params");
        }
        if (o.contains("mcp")) {
            auto mcp = mcpInfo(o.at("mcp"));
            if (!mcp)
                return std::unexpected(mcp.error());
            a.mcp = std::move(*mcp);
        }
        break;
    case ActionKind::Model:
        if (ok = take("name", false, a.name); !ok)
            return std::unexpected(ok.error());
        if (ok = take("provider", false, a.tool); !ok)
            return std::unexpected(ok.error());
        if (auto results = toolResults(o); !results)
            return std::unexpected(results.error());
        else
            a.results = std::move(*results);
        if (auto withheld = stringList(o, "withheld"); !withheld)
            return std::unexpected(withheld.error());
        else if (withheld->size() > 32)
            return fail("must name at most 32 tools", "/withheld");
        else
            a.withheld = std::move(*withheld);
        [[fallthrough]];
    case ActionKind::Egress:
        if (ok = take("host", false, a.host); !ok)
            return std::unexpected(ok.error());
        if (ok = take("url", false, a.url); !ok)
            return std::unexpected(ok.error());
        if (ok = take("method", false, a.method); !ok)
            return std::unexpected(ok.error());
        if (a.host.empty() && a.url.empty())
            return fail(std::string("an ") + actionKindName(a.kind) + " action needs \"host\" or \"url\"", "/host");
        if (o.contains("port")) {
            const json &p = o.at("port");
            if (!p.is_number_integer() || p.get<std::int64_t>() < 1 || p.get<std::int64_t>() > 65535)
                return fail("must be an integer from 1 to 65535", "/port");
            a.port = static_cast<int>(p.get<std::int64_t>());
        }
        break;
    case ActionKind::SecretRead:
        if (ok = take("name", true, a.name); !ok)
            return std::unexpected(ok.error());
        // Optional: the file the secret was read from (a planted credentials file).
        if (ok = take("path", false, a.path); !ok)
            return std::unexpected(ok.error());
        break;
    case ActionKind::Process: {
        if (!o.contains("argv"))
            return fail("missing required field", "/argv");
        auto argv = stringList(o, "argv");
        if (!argv)
            return std::unexpected(argv.error());
        if (argv->empty() || argv->front().empty())
            return fail("must name a program", "/argv");
        a.argv = std::move(*argv);
        break;
    }
    case ActionKind::File: {
        if (ok = take("op", true, a.op); !ok)
            return std::unexpected(ok.error());
        static const std::set<std::string> ops = {"read", "write", "create", "delete", "append", "list"};
        if (!ops.contains(a.op))
            return fail("unknown file op \"" + a.op + "\" (expected read, write, create, delete, append or list)",
                        "/op");
        if (ok = take("path", true, a.path); !ok)
            return std::unexpected(ok.error());
        break;
    }
    case ActionKind::Syscall:
        if (ok = take("call", true, a.call); !ok)
            return std::unexpected(ok.error());
        break;
    }
    if (a.kind == ActionKind::ToolCall || a.kind == ActionKind::Egress || a.kind == ActionKind::Process ||
        a.kind == ActionKind::Model) {
        auto canaries = stringList(o, "canaries");
        if (!canaries)
            return std::unexpected(canaries.error());
        a.canaries = std::move(*canaries);
    }
    return a;
}

json Action::toJson() const
{
    json o = json::object();
    o["seq"] = seq;
    if (timeMs)
        o["time"] = Timestamp::format(*timeMs);
    o["kind"] = actionKindName(kind);
    if (!source.empty())
        o["source"] = source;
    switch (kind) {
    case ActionKind::ToolCall:
        o["tool"] = tool;
        o["params"] = params;
        if (!justification.empty())
            o["justification"] = justification;
        if (!mcp.empty())
            o["mcp"] = {{"method", mcp.method},
                        {"request_id", mcp.requestId},
                        {"session", mcp.session},
                        {"protocol", mcp.protocol}};
        break;
    case ActionKind::Model:
        if (!name.empty())
            o["name"] = name;
        if (!tool.empty())
            o["provider"] = tool;
        if (!results.empty()) {
            json list = json::array();
            for (const ToolResult &r : results)
                list.push_back({{"tool", r.tool}, {"bytes", r.bytes}, {"excerpt", r.excerpt}, {"cues", r.cues}});
            o["results"] = std::move(list);
        }
        if (!withheld.empty())
            o["withheld"] = withheld;
        [[fallthrough]];
    case ActionKind::Egress:
        if (!host.empty())
            o["host"] = host;
        if (port)
            o["port"] = port;
        if (!method.empty())
            o["method"] = method;
        if (!url.empty())
            o["url"] = url;
        break;
    case ActionKind::SecretRead:
        o["name"] = name;
        if (!path.empty())
            o["path"] = path;
        break;
    case ActionKind::Process: o["argv"] = argv; break;
    case ActionKind::File:
        o["op"] = op;
        o["path"] = path;
        break;
    case ActionKind::Syscall: o["call"] = call; break;
    }
    if (!canaries.empty())
        o["canaries"] = canaries;
    return o;
}

std::string Action::describe() const
{
    switch (kind) {
    case ActionKind::ToolCall: {
        std::string p = params.dump(-1, ' ', false, json::error_handler_t::replace);
        if (p.size() > 120)
            p = p.substr(0, 117) + "...";
        return tool + " " + p;
    }
    case ActionKind::Egress: {
        std::string target = url.empty() ? host + (port ? ":" + std::to_string(port) : std::string()) : url;
        return (method.empty() ? std::string() : method + " ") + target;
    }
    case ActionKind::SecretRead: return name;
    case ActionKind::Process: {
        std::string line;
        for (const auto &arg : argv)
            line += (line.empty() ? "" : " ") + arg;
        return line.size() > 120 ? line.substr(0, 117) + "..." : line;
    }
    case ActionKind::File: return op + " " + path;
    case ActionKind::Syscall: return call;
    case ActionKind::Model: return (name.empty() ? std::string("model") : name) + " at " + (url.empty() ? host : url);
    }
    return {};
}

} // namespace warden
