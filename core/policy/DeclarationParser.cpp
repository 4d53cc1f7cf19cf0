// Declaration::parse: strict reading of declaration format version 1.
#include "core/policy/Declaration.h"

#include "core/common/SandboxContract.h"
#include "core/common/TextFile.h"
#include "core/json/LocatedJson.h"
#include "core/policy/CommandLine.h"
#include "core/policy/ExamplesParser.h"
#include "core/policy/FieldReader.h"
#include "core/policy/HostName.h"
#include "core/policy/ModelsParser.h"
#include "core/policy/PathScope.h"
#include "core/policy/Url.h"

#include <QCryptographicHash>

#include <algorithm>
#include <set>

namespace warden {

const char *paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::Path: return "path";
    case ParamType::Command: return "command";
    case ParamType::Url: return "url";
    case ParamType::String: return "string";
    case ParamType::Integer: return "integer";
    case ParamType::Boolean: return "boolean";
    case ParamType::Enum: return "enum";
    }
    return "?";
}

namespace {

using nlohmann::json;

Result<ParamType> typeOf(const json &spec, const std::string &pointer, const FieldReader &r)
{
    if (!spec.contains("type")) {
        if (spec.contains("enum"))
            return ParamType::Enum;
        return r.error(pointer,
                       "parameter needs a \"type\" (path, command, url, string, integer, boolean) or an \"enum\"");
    }
    auto name = r.string(spec.at("type"), pointer + "/type");
    if (!name)
        return std::unexpected(name.error());
    static const std::map<std::string, ParamType> types = {
        {"path", ParamType::Path},     {"command", ParamType::Command}, {"url", ParamType::Url},
        {"string", ParamType::String}, {"integer", ParamType::Integer}, {"boolean", ParamType::Boolean},
        {"enum", ParamType::Enum}};
    auto it = types.find(*name);
    if (it == types.end())
        return r.error(pointer + "/type", "unknown type \"" + *name +
                                              "\" (expected path, command, url, string, integer, boolean or enum)");
    return it->second;
}

Result<ParamRule> parseParam(const json &spec, const std::string &pointer, const FieldReader &r)
{
    if (!spec.is_object())
        return r.error(pointer, "parameter constraint must be an object");
    auto type = typeOf(spec, pointer, r);
    if (!type)
        return std::unexpected(type.error());
    ParamRule rule;
    rule.type = *type;

    std::set<std::string> known = {"type", "optional", "description"};
    switch (rule.type) {
    case ParamType::Path: known.insert({"within", "max_length"}); break;
    case ParamType::Command: known.insert({"allow", "deny", "max_length"}); break;
    case ParamType::Url: known.insert({"schemes", "max_length"}); break;
    case ParamType::String: known.insert({"pattern", "max_length"}); break;
    case ParamType::Integer: known.insert({"min", "max"}); break;
    case ParamType::Boolean: break;
    case ParamType::Enum: known.insert("enum"); break;
    }
    for (const auto &[key, value] : spec.items())
        if (!known.contains(key))
            return r.error(LocatedJson::child(pointer, key),
                           "field \"" + key + "\" does not apply to a " + paramTypeName(rule.type) + " parameter");

    if (spec.contains("optional")) {
        if (!spec.at("optional").is_boolean())
            return r.error(pointer + "/optional", "must be true or false");
        rule.optional = spec.at("optional").get<bool>();
    }
    if (spec.contains("description"))
        if (auto d = r.string(spec.at("description"), pointer + "/description", false); !d)
            return std::unexpected(d.error());
    if (spec.contains("max_length")) {
        auto n = r.integer(spec.at("max_length"), pointer + "/max_length");
        if (!n)
            return std::unexpected(n.error());
        if (*n < 0)
            return r.error(pointer + "/max_length", "must not be negative");
        rule.maxLength = static_cast<std::size_t>(*n);
    }

    switch (rule.type) {
    case ParamType::Path: {
        if (!spec.contains("within"))
            return r.error(pointer, "a path parameter needs \"within\": the directories it may name");
        auto scopes = r.pathScopes(spec.at("within"), pointer + "/within");
        if (!scopes)
            return std::unexpected(scopes.error());
        if (scopes->empty())
            return r.error(pointer + "/within", "must list at least one directory");
        rule.within = std::move(*scopes);
        break;
    }
    case ParamType::Command: {
        if (!spec.contains("allow"))
            return r.error(pointer, "a command parameter needs an \"allow\" list (commands are denied unless allowed)");
        auto allow = r.strings(spec.at("allow"), pointer + "/allow");
        if (!allow)
            return std::unexpected(allow.error());
        for (std::size_t i = 0; i < allow->size(); ++i) {
            const std::string p = LocatedJson::child(pointer + "/allow", i);
            if (auto op = CommandLine::findShellOperator((*allow)[i]))
                return r.error(p, "allow pattern contains a shell " + *op);
            auto words = CommandLine::splitWords((*allow)[i]);
            if (!words)
                return r.error(p, words.error().message);
            if (words->empty())
                return r.error(p, "allow pattern is empty");
            rule.allowWords.push_back(std::move(*words));
        }
        rule.allowText = std::move(*allow);
        if (spec.contains("deny")) {
            auto deny = r.strings(spec.at("deny"), pointer + "/deny");
            if (!deny)
                return std::unexpected(deny.error());
            for (std::size_t i = 0; i < deny->size(); ++i) {
                auto re = Regex::compile((*deny)[i], Regex::Anchor::Search);
                if (!re)
                    return r.error(LocatedJson::child(pointer + "/deny", i), re.error().message);
                rule.deny.push_back(std::move(*re));
            }
        }
        break;
    }
    case ParamType::Url: {
        if (spec.contains("schemes")) {
            auto schemes = r.strings(spec.at("schemes"), pointer + "/schemes");
            if (!schemes)
                return std::unexpected(schemes.error());
            rule.schemes = std::move(*schemes);
        }
        break;
    }
    case ParamType::String: {
        if (spec.contains("pattern")) {
            auto text = r.string(spec.at("pattern"), pointer + "/pattern");
            if (!text)
                return std::unexpected(text.error());
            auto re = Regex::compile(*text, Regex::Anchor::Full);
            if (!re)
                return r.error(pointer + "/pattern", re.error().message);
            rule.pattern = std::move(*re);
        }
        break;
    }
    case ParamType::Integer: {
        for (const char *bound : {"min", "max"}) {
            if (!spec.contains(bound))
                continue;
            auto n = r.integer(spec.at(bound), pointer + "/" + bound);
            if (!n)
                return std::unexpected(n.error());
            (std::string_view(bound) == "min" ? rule.min : rule.max) = *n;
        }
        if (rule.min && rule.max && *rule.min > *rule.max)
            return r.error(pointer, "\"min\" is greater than \"max\"");
        break;
    }
    case ParamType::Boolean: break;
    case ParamType::Enum: {
        if (!spec.contains("enum"))
            return r.error(pointer, "an enum parameter needs an \"enum\" list");
        const json &values = spec.at("enum");
        if (!values.is_array() || values.empty())
            return r.error(pointer + "/enum", "must be a non-empty array");
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i].is_object() || values[i].is_array() || values[i].is_null())
                return r.error(LocatedJson::child(pointer + "/enum", i),
                               "enum values must be strings, numbers or booleans");
            rule.values.push_back(values[i]);
        }
        break;
    }
    }
    return rule;
}

Result<ToolRule> parseTool(const std::string &name, const json &spec, const std::string &pointer,
                           const std::string &defaultZone, const FieldReader &r)
{
    if (!spec.is_object())
        return r.error(pointer, "tool must be an object");
    if (auto ok = r.onlyKnown(spec, pointer, {"approval", "hours", "tz", "params", "description", "pinned"}); !ok)
        return std::unexpected(ok.error());
    ToolRule tool;
    tool.name = name;
    if (spec.contains("pinned")) {
        // An MCP tool's definition as a reviewer saw it: "sha256:" and 64 hex digits.
        auto pin = r.string(spec.at("pinned"), pointer + "/pinned");
        if (!pin)
            return std::unexpected(pin.error());
        const bool wellFormed = pin->size() == 71 && pin->starts_with("sha256:") &&
                                pin->find_first_not_of("0123456789abcdef", 7) == std::string::npos;
        if (!wellFormed)
            return r.error(pointer + "/pinned", "must be \"sha256:\" and 64 lowercase hex digits (what wardenctl "
                                                "declare --from-mcp prints)");
        if (name.find('.') == std::string::npos)
            return r.error(pointer + "/pinned", "only an MCP server's tool (SERVER.TOOL) has a definition to pin");
        tool.pinned = *pin;
    }
    if (spec.contains("description"))
        if (auto d = r.string(spec.at("description"), pointer + "/description", false); !d)
            return std::unexpected(d.error());
    if (spec.contains("approval")) {
        auto a = r.string(spec.at("approval"), pointer + "/approval");
        if (!a)
            return std::unexpected(a.error());
        if (*a != "required" && *a != "none")
            return r.error(pointer + "/approval", "must be \"required\" or \"none\", not \"" + *a + "\"");
        tool.approvalRequired = *a == "required";
    }
    std::string zone = defaultZone;
    if (spec.contains("tz")) {
        auto z = r.string(spec.at("tz"), pointer + "/tz");
        if (!z)
            return std::unexpected(z.error());
        zone = *z;
        if (!spec.contains("hours"))
            return r.error(pointer + "/tz", "\"tz\" has no effect without \"hours\"");
    }
    if (spec.contains("hours")) {
        auto h = r.string(spec.at("hours"), pointer + "/hours");
        if (!h)
            return std::unexpected(h.error());
        auto window = HoursWindow::parse(*h, zone);
        if (!window)
            return r.error(pointer + (spec.contains("tz") && window.error().message.starts_with("unknown time zone")
                                          ? "/tz"
                                          : "/hours"),
                           window.error().message);
        tool.hours = std::move(*window);
    }
    if (spec.contains("params")) {
        const json &params = spec.at("params");
        if (!params.is_object())
            return r.error(pointer + "/params", "must be an object of parameter constraints");
        for (const auto &[pname, pspec] : params.items()) {
            auto rule = parseParam(pspec, LocatedJson::child(pointer + "/params", pname), r);
            if (!rule)
                return std::unexpected(rule.error());
            tool.params.emplace(pname, std::move(*rule));
        }
    }
    return tool;
}

Result<McpServerRule> parseMcpServer(const std::string &name, const json &spec, const std::string &pointer,
                                     const FieldReader &r)
{
    if (!McpServerRule::validName(name))
        return r.error(pointer, "a server name is 1 to 64 letters, digits, '-' or '_'");
    if (!spec.is_object())
        return r.error(pointer, "must be an object with \"command\" (a stdio server) or \"url\" (Streamable HTTP)");
    if (auto ok = r.onlyKnown(spec, pointer, {"command", "data", "code", "url", "token", "description"}); !ok)
        return std::unexpected(ok.error());
    McpServerRule server;
    server.name = name;
    if (spec.contains("description"))
        if (auto d = r.string(spec.at("description"), pointer + "/description", false); !d)
            return std::unexpected(d.error());
    if (spec.contains("command") == spec.contains("url"))
        return r.error(pointer, "needs exactly one of \"command\" (a stdio server) and \"url\" (Streamable HTTP)");
    if (spec.contains("command")) {
        if (spec.contains("token"))
            return r.error(pointer + "/token", "only a server at a \"url\" is sent a token");
        auto argv = r.strings(spec.at("command"), pointer + "/command");
        if (!argv)
            return std::unexpected(argv.error());
        if (argv->empty())
            return r.error(pointer + "/command", "must name the program to run");
        server.command = std::move(*argv);
        for (const char *field : {"data", "code"}) {
            if (!spec.contains(field))
                continue;
            const std::string at = pointer + "/" + field;
            auto dir = r.string(spec.at(field), at);
            if (!dir)
                return std::unexpected(dir.error());
            auto normal = PathScope::normalize(*dir);
            if (!normal || !dir->starts_with('/') || *normal == "/")
                return r.error(at, "must be an absolute directory other than /");
            (std::string_view(field) == "data" ? server.dataDir : server.codeDir) = *normal;
        }
    } else {
        for (const char *field : {"data", "code"})
            if (spec.contains(field))
                return r.error(pointer + "/" + field, "only a stdio server (\"command\") has directories to mount");
        auto url = r.string(spec.at("url"), pointer + "/url");
        if (!url)
            return std::unexpected(url.error());
        auto parsed = Url::parse(*url);
        if (!parsed || (parsed->scheme != "https" && parsed->scheme != "http") || url->size() > McpServerRule::kMaxUrl)
            return r.error(pointer + "/url", "must be an http or https URL");
        // A credential in the declaration would be stored with every run.
        if (!parsed->userinfo.empty())
            return r.error(pointer + "/url", "must not carry a user name or password");
        server = *McpServerRule::atUrl(name, *url);
        if (spec.contains("token")) {
            // The token itself never goes in a declaration (it is stored
            // with every run): only where the warden finds it.
            auto token = r.string(spec.at("token"), pointer + "/token");
            if (!token)
                return std::unexpected(token.error());
            if (*token != "keychain")
                return r.error(pointer + "/token",
                               "must be \"keychain\": the token itself never goes in a declaration; store it in "
                               "the warden's keychain with wardenctl mcp-token set " +
                                   server.origin);
            server.tokenFromKeychain = true;
        }
    }
    return server;
}

} // namespace

std::optional<McpServerRule> McpServerRule::atUrl(std::string name, const std::string &url)
{
    auto parsed = Url::parse(url);
    if (!parsed || (parsed->scheme != "https" && parsed->scheme != "http") || !parsed->userinfo.empty() ||
        url.size() > kMaxUrl)
        return std::nullopt;
    McpServerRule server;
    server.name = std::move(name);
    server.url = url;
    server.host = parsed->host; // canonical already
    server.port = parsed->port;
    server.origin = parsed->scheme + "://" +
                    (parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host) + ":" +
                    std::to_string(parsed->port);
    return server;
}

bool McpServerRule::validName(std::string_view name)
{
    if (name.empty() || name.size() > kMaxName)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

Result<Declaration> Declaration::parse(std::string_view text, std::string_view fileName)
{
    auto doc = LocatedJson::parse(text, fileName);
    if (!doc)
        return std::unexpected(doc.error());
    const FieldReader r(*doc, fileName);
    const json &root = doc->value();
    if (!root.is_object())
        return r.error("", "a declaration must be a JSON object");
    if (auto ok =
            r.onlyKnown(root, "",
                        {"warden", "agent", "purpose", "tools", "destinations", "internal_destinations", "secrets",
                         "files", "processes", "undeclared_processes", "tz", "mcp_servers", "models", "examples"});
        !ok)
        return std::unexpected(ok.error());

    Declaration d;
    if (!root.contains("warden"))
        return r.error("/warden", "missing format version (\"warden\": 1)");
    auto version = r.integer(root.at("warden"), "/warden");
    if (!version)
        return std::unexpected(version.error());
    if (*version != 1)
        return r.error("/warden", "unsupported declaration format version " + std::to_string(*version) +
                                      " (this Warden reads version 1)");
    d.version = 1;

    for (const char *field : {"agent", "purpose"})
        if (!root.contains(field))
            return r.error(std::string("/") + field, std::string("missing required field \"") + field + "\"");
    auto agent = r.string(root.at("agent"), "/agent");
    if (!agent)
        return std::unexpected(agent.error());
    if (agent->size() > 128)
        return r.error("/agent", "is longer than 128 characters");
    for (unsigned char c : *agent)
        if (c < 0x20 || c == 0x7f)
            return r.error("/agent", "contains a control character");
    d.agent = std::move(*agent);
    auto purpose = r.string(root.at("purpose"), "/purpose");
    if (!purpose)
        return std::unexpected(purpose.error());
    d.purpose = std::move(*purpose);

    std::string zone;
    if (root.contains("tz")) {
        auto z = r.string(root.at("tz"), "/tz");
        if (!z)
            return std::unexpected(z.error());
        if (auto probe = HoursWindow::parse("00:00-12:00", *z); !probe)
            return r.error("/tz", probe.error().message);
        zone = *z;
    }

    if (root.contains("tools")) {
        const json &tools = root.at("tools");
        if (!tools.is_object())
            return r.error("/tools", "must be an object mapping tool names to their rules");
        for (const auto &[name, spec] : tools.items()) {
            auto tool = parseTool(name, spec, LocatedJson::child("/tools", name), zone, r);
            if (!tool)
                return std::unexpected(tool.error());
            d.tools.emplace(name, std::move(*tool));
        }
    }
    if (root.contains("destinations")) {
        auto list = r.strings(root.at("destinations"), "/destinations");
        if (!list)
            return std::unexpected(list.error());
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto dest = Destination::parse((*list)[i]);
            if (!dest)
                return r.error(LocatedJson::child("/destinations", i), dest.error().message);
            d.destinations.push_back(std::move(*dest));
        }
    }
    if (root.contains("internal_destinations")) {
        auto list = r.strings(root.at("internal_destinations"), "/internal_destinations");
        if (!list)
            return std::unexpected(list.error());
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto dest = Destination::parse((*list)[i]);
            if (!dest)
                return r.error(LocatedJson::child("/internal_destinations", i), dest.error().message);
            const bool declared = std::any_of(d.destinations.begin(), d.destinations.end(),
                                              [&](const Destination &x) { return x.text() == dest->text(); });
            if (!declared)
                return r.error(LocatedJson::child("/internal_destinations", i),
                               "\"" + dest->text() + "\" is not in \"destinations\": list it there too");
            d.internalDestinations.push_back(std::move(*dest));
        }
    }
    if (root.contains("secrets")) {
        auto list = r.strings(root.at("secrets"), "/secrets");
        if (!list)
            return std::unexpected(list.error());
        d.secrets = std::move(*list);
    }
    if (root.contains("files")) {
        const json &files = root.at("files");
        if (!files.is_object())
            return r.error("/files", "must be an object with \"read\" and/or \"write\" lists");
        if (auto ok = r.onlyKnown(files, "/files", {"read", "write"}); !ok)
            return std::unexpected(ok.error());
        if (files.contains("read")) {
            auto scopes = r.pathScopes(files.at("read"), "/files/read");
            if (!scopes)
                return std::unexpected(scopes.error());
            d.readScopes = std::move(*scopes);
        }
        if (files.contains("write")) {
            auto scopes = r.pathScopes(files.at("write"), "/files/write");
            if (!scopes)
                return std::unexpected(scopes.error());
            d.writeScopes = std::move(*scopes);
        }
    }
    if (root.contains("processes")) {
        auto list = r.strings(root.at("processes"), "/processes");
        if (!list)
            return std::unexpected(list.error());
        d.processes = std::move(*list);
    }
    if (root.contains("undeclared_processes")) {
        auto mode = r.string(root.at("undeclared_processes"), "/undeclared_processes");
        if (!mode)
            return std::unexpected(mode.error());
        if (*mode != "deny" && *mode != "observe")
            return r.error("/undeclared_processes", "must be \"deny\" or \"observe\", not \"" + *mode + "\"");
        d.observeUndeclaredProcesses = *mode == "observe";
    }
    if (root.contains("mcp_servers")) {
        const json &servers = root.at("mcp_servers");
        if (!servers.is_object())
            return r.error("/mcp_servers", "must be an object mapping server names to how each is reached");
        for (const auto &[name, spec] : servers.items()) {
            auto server = parseMcpServer(name, spec, LocatedJson::child("/mcp_servers", name), r);
            if (!server)
                return std::unexpected(server.error());
            d.mcpServers.emplace(name, std::move(*server));
        }
        // A server at a URL is reached through the egress policy: its
        // destination must be declared, or every call would be refused.
        for (const auto &[name, server] : d.mcpServers) {
            if (server.url.empty())
                continue;
            const bool declared =
                std::any_of(d.destinations.begin(), d.destinations.end(),
                            [&](const Destination &dest) { return dest.matches(server.host, server.port); });
            if (!declared)
                return r.error(LocatedJson::child("/mcp_servers", name) + "/url",
                               "\"" + HostName::display(server.host, server.port) +
                                   "\" is not in \"destinations\": list it there too");
        }
        // The relay the agent's MCP client starts is part of declaring a server.
        if (!d.mcpServers.empty())
            d.processes.emplace_back(contract::kMcpRelay);
    }
    if (root.contains("models")) {
        auto models = ModelsParser::parse(root.at("models"), r, d.destinations);
        if (!models)
            return std::unexpected(models.error());
        d.models = std::move(*models);
    }
    if (root.contains("examples")) {
        auto examples = ExamplesParser::parse(root.at("examples"), r);
        if (!examples)
            return std::unexpected(examples.error());
        d.examples = std::move(*examples);
    }
    // A tool named "SERVER.TOOL" after a declared server's name must be
    // reachable: a typo in the server part would declare nothing.
    for (const auto &[name, tool] : d.tools) {
        const auto dot = name.find('.');
        if (dot == std::string::npos || d.mcpServers.empty())
            continue;
        if (!d.mcpServers.contains(name.substr(0, dot)))
            return r.error(LocatedJson::child("/tools", name),
                           "\"" + name.substr(0, dot) + "\" is not a server in \"mcp_servers\"");
    }

    d.sourceText = std::string(text);
    d.sha256 = QCryptographicHash::hash(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())),
                                        QCryptographicHash::Sha256)
                   .toHex()
                   .toStdString();
    return d;
}

Result<Declaration> Declaration::load(const std::string &path)
{
    auto text = readTextFile(path, 16 * 1024 * 1024);
    if (!text)
        return std::unexpected(text.error());
    return parse(*text, path);
}

const ModelProvider *Declaration::modelFor(ModelApi api) const
{
    for (const auto &[name, provider] : models)
        if (provider.api == api)
            return &provider;
    return nullptr;
}

bool Declaration::mayReachInternal(std::string_view canonicalHost, int port) const
{
    return std::any_of(internalDestinations.begin(), internalDestinations.end(),
                       [&](const Destination &d) { return d.matches(canonicalHost, port); });
}

} // namespace warden
