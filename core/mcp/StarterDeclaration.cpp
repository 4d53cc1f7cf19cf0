#include "core/mcp/StarterDeclaration.h"

#include "core/mcp/McpToolDigest.h"
#include "core/policy/HostName.h"

#include <algorithm>
#include <array>

namespace warden::StarterDeclaration {

namespace {

using nlohmann::json;

// Parameter names that name files: typed as paths, scoped to the server's
// data directory, so the declaration can say where.
bool namesAPath(std::string name)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name.ends_with("path")) // path, filePath, source_path
        return true;
    static constexpr std::array kWords = {"file", "dir", "directory", "folder", "source", "destination"};
    return std::any_of(kWords.begin(), kWords.end(),
                       [&](const char *word) { return name == word || name.ends_with(std::string("_") + word); });
}

std::string typeOf(const json &schema)
{
    const auto type = schema.find("type");
    if (type == schema.end())
        return {};
    if (type->is_string())
        return type->get<std::string>();
    // ["string", "null"]: the one that is not null.
    if (type->is_array())
        for (const auto &t : *type)
            if (t.is_string() && t != "null")
                return t.get<std::string>();
    return {};
}

} // namespace

json paramRule(const std::string &name, const json &schema, bool required, const std::string &pathScope)
{
    json rule = json::object();
    const std::string type = schema.is_object() ? typeOf(schema) : std::string();
    const auto values = schema.is_object() ? schema.find("enum") : schema.end();
    if (schema.is_object() && values != schema.end() && values->is_array() && !values->empty() &&
        std::all_of(values->begin(), values->end(),
                    [](const json &v) { return v.is_string() || v.is_number() || v.is_boolean(); })) {
        rule = {{"type", "enum"}, {"enum", *values}};
    } else if (type == "string" && namesAPath(name)) {
        rule = {{"type", "path"}, {"within", json::array({pathScope})}};
    } else if (type == "string") {
        rule = {{"type", "string"}, {"max_length", 4096}};
    } else if (type == "integer" || type == "number") {
        rule = {{"type", "integer"}};
        for (const char *bound : {"minimum", "maximum"}) {
            const auto b = schema.find(bound);
            if (b != schema.end() && b->is_number_integer())
                rule[std::string_view(bound) == "minimum" ? "min" : "max"] = *b;
        }
        if (type == "number")
            rule["description"] = "a JSON Schema number: whole numbers only here";
    } else if (type == "boolean") {
        rule = {{"type", "boolean"}};
    } else {
        // Arrays, objects, anything untyped: no declaration type holds them,
        // so a call that sends one is refused until a person decides.
        rule = {{"type", "string"},
                {"max_length", 1},
                {"description", "the server takes " + (type.empty() ? std::string("an untyped value") : "an " + type) +
                                    " here, which a declaration cannot constrain: calls that send one are refused"}};
    }
    if (!required)
        rule["optional"] = true;
    return rule;
}

namespace {

// A prompt, resource reads and completions are judged as tools of their own
// (MCP.md): declared like the tools, each needing a reviewer's approval.
void addOthers(const McpServerRule &server, const McpListing &listing, json &declared)
{
    const json text = {{"type", "string"}, {"max_length", 4096}};
    for (const json &prompt : listing.prompts) {
        json rule = {{"approval", "required"}};
        if (const auto d = prompt.find("description"); d != prompt.end() && d->is_string())
            rule["description"] = d->get<std::string>().substr(0, 1024);
        json params = json::object();
        if (const auto args = prompt.find("arguments"); args != prompt.end() && args->is_array())
            for (const json &arg : *args) {
                const std::string name = arg.is_object() ? arg.value("name", std::string()) : std::string();
                if (name.empty())
                    continue;
                json p = text;
                if (!(arg.contains("required") && arg.at("required") == true))
                    p["optional"] = true;
                params[name] = p;
            }
        if (!params.empty())
            rule["params"] = params;
        const std::string name = prompt.at("name").get<std::string>();
        if (name.size() > 128)
            continue; // never judged (Warden refuses a longer name): nothing to declare
        declared[server.name + ".prompts/" + name] = rule;
    }
    if (!listing.resources.empty() || !listing.templates.empty()) {
        // The listed resources by name when that is all there is; a template
        // can name any URI, so then any string (for a person to narrow).
        json uri = text;
        if (listing.templates.empty() && listing.resources.size() <= 256) {
            uri = {{"enum", json::array()}};
            for (const json &r : listing.resources)
                uri["enum"].push_back(r.at("uri"));
        } else {
            std::string templates;
            for (std::size_t i = 0; i < listing.templates.size() && i < 8; ++i)
                templates += (i ? ", " : "") + listing.templates[i].at("uriTemplate").get<std::string>().substr(0, 200);
            uri["description"] = "the server lists " + std::to_string(listing.resources.size()) +
                                 " resources and these templates: " + templates;
        }
        const json rule = {{"approval", "required"}, {"params", {{"uri", uri}}}};
        declared[server.name + ".resources/read"] = rule;
        if (listing.subscriptions) {
            declared[server.name + ".resources/subscribe"] = rule;
            declared[server.name + ".resources/unsubscribe"] = rule;
        }
    }
    if (listing.completions)
        declared[server.name + ".completion/complete"] = {
            {"approval", "required"}, {"params", {{"ref", text}, {"argument", text}, {"value", text}}}};
}

} // namespace

Result<std::string> fromTools(const McpServerRule &server, const std::string &agent, const std::vector<json> &tools)
{
    McpListing listing;
    listing.tools = tools;
    return fromServers({{server, listing}}, agent);
}

Result<std::string> fromServers(const std::vector<std::pair<McpServerRule, McpListing>> &servers,
                                const std::string &agent)
{
    json mcpServers = json::object();
    json declared = json::object();
    json destinations = json::array();
    for (const auto &[server, listing] : servers) {
        const std::vector<json> &tools = listing.tools;
        json mcp = server.url.empty() ? json{{"command", server.command}} : json{{"url", server.url}};
        if (!server.dataDir.empty())
            mcp["data"] = server.dataDir;
        if (!server.codeDir.empty())
            mcp["code"] = server.codeDir;
        if (server.tokenFromKeychain)
            mcp["token"] = "keychain";
        mcpServers[server.name] = mcp;
        // A server at a URL is reached through the egress policy: its destination is declared.
        if (!server.url.empty())
            destinations.push_back(HostName::display(server.host, server.port));
        const std::string scope = server.dataDir.empty() ? std::string("/data") : server.dataDir;
        for (const json &tool : tools) {
            const std::string name = tool.at("name").get<std::string>();
            if (name.find('/') != std::string::npos)
                continue; // named like Warden's own methods: never listed nor called through it
            json rule = {{"approval", "required"}};
            if (const auto d = tool.find("description"); d != tool.end() && d->is_string())
                rule["description"] = d->get<std::string>().substr(0, 1024);
            // The definition as listed now: a later change holds the tool.
            rule["pinned"] = McpToolDigest::of(tool);
            json params = json::object();
            const auto schema = tool.find("inputSchema");
            if (schema != tool.end() && schema->is_object()) {
                std::vector<std::string> required;
                if (const auto r = schema->find("required"); r != schema->end() && r->is_array())
                    for (const auto &n : *r)
                        if (n.is_string())
                            required.push_back(n.get<std::string>());
                if (const auto props = schema->find("properties"); props != schema->end() && props->is_object())
                    for (const auto &[pname, pschema] : props->items())
                        params[pname] =
                            paramRule(pname, pschema,
                                      std::find(required.begin(), required.end(), pname) != required.end(), scope);
            }
            if (!params.empty())
                rule["params"] = params;
            declared[server.name + "." + name] = rule;
        }
        addOthers(server, listing, declared);
    }
    // In the order a person reads a declaration, not the alphabet's.
    nlohmann::ordered_json d;
    d["warden"] = 1;
    d["agent"] = agent;
    d["purpose"] = "say what the agent is for; then tighten every tool below";
    if (!destinations.empty())
        d["destinations"] = nlohmann::ordered_json::parse(destinations.dump());
    d["mcp_servers"] = nlohmann::ordered_json::parse(mcpServers.dump());
    d["tools"] = nlohmann::ordered_json::parse(declared.dump());
    std::string text = d.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (auto check = Declaration::parse(text, "starter declaration"); !check)
        return fail("the starter declaration does not check: " + check.error().toString());
    return text;
}

} // namespace warden::StarterDeclaration
