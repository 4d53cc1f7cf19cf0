#include "core/mcp/AgentMcpConfig.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/mcp/CodexToml.h"
#include "core/policy/PathScope.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <set>

namespace warden {

namespace {

constexpr qint64 kMaxBytes = 1024 * 1024;

// What each format may say of a server; anything else is noted and ignored
// (these formats grow, and an unknown field must not stop an import).
const std::set<std::string> kClaudeFields = {"type", "command", "args", "env", "url", "headers"};
const std::set<std::string> kGeminiFields = {"command", "args",        "env",          "cwd",
                                             "url",     "httpUrl",     "headers",      "timeout",
                                             "trust",   "description", "includeTools", "excludeTools"};
const std::set<std::string> kCodexFields = {"command",
                                            "args",
                                            "env",
                                            "cwd",
                                            "url",
                                            "bearer_token_env_var",
                                            "http_headers",
                                            "env_http_headers",
                                            "enabled",
                                            "startup_timeout_sec",
                                            "tool_timeout_sec",
                                            "enabled_tools",
                                            "disabled_tools"};
// Kept when a server is rewritten to warden-mcp: what says how the agent
// uses it, not how it is reached.
const std::set<std::string> kGeminiKept = {"timeout", "trust", "description", "includeTools", "excludeTools"};

// Gemini CLI's settings.nlohmann::json has sections Claude's files do not.
bool looksLikeGemini(const nlohmann::json &document)
{
    for (const char *section :
         {"general", "ui", "model", "tools", "privacy", "security", "context", "ide", "telemetry"})
        if (document.contains(section))
            return true;
    for (const auto &[name, server] : document.at("mcpServers").items())
        if (server.is_object() && (server.contains("httpUrl") || server.contains("trust")))
            return true;
    return false;
}

} // namespace

Result<AgentMcpConfig> AgentMcpConfig::read(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail("cannot read the agent configuration: " + file.errorString().toStdString(), {}, 0, path);
    if (file.size() > kMaxBytes)
        return fail("larger than 1 MiB", {}, 0, path);
    AgentMcpConfig config;
    config.m_path = path;
    config.m_text = file.readAll().toStdString();
    nlohmann::json servers;
    if (path.ends_with(".toml")) {
        config.m_format = Format::CodexToml;
        auto document = CodexToml::parse(config.m_text, path);
        if (!document)
            return std::unexpected(document.error());
        const nlohmann::json *table = JsonLookup::find(*document, "mcp_servers");
        if (!table || !table->is_object())
            return fail("no [mcp_servers.NAME] table: Codex lists no MCP server here", "mcp_servers", 0, path);
        servers = *table;
    } else {
        auto document = WireJson::parse(config.m_text, {static_cast<std::size_t>(kMaxBytes), 64});
        if (!document) {
            Error e = document.error();
            e.file = path;
            return std::unexpected(e);
        }
        const nlohmann::json *table = JsonLookup::find(*document, "mcpServers");
        if (!table || !table->is_object())
            return fail("no \"mcpServers\" object: this file configures no MCP server", "/mcpServers", 0, path);
        config.m_format = looksLikeGemini(*document) ? Format::GeminiJson : Format::ClaudeJson;
        servers = *table;
    }
    if (servers.empty())
        return fail("no MCP server is configured", config.m_format == Format::CodexToml ? "mcp_servers" : "/mcpServers",
                    0, path);
    for (const auto &[name, spec] : servers.items()) {
        const std::string where = config.m_format == Format::CodexToml ? "mcp_servers." + name : "/mcpServers/" + name;
        if (auto ok = config.readServer(name, spec, where); !ok) {
            Error e = ok.error();
            e.file = path;
            return std::unexpected(e);
        }
    }
    return config;
}

Result<void> AgentMcpConfig::readServer(const std::string &name, const nlohmann::json &spec, const std::string &where)
{
    if (!McpServerRule::validName(name))
        return fail("a server name Warden can declare is 1 to 64 letters, digits, '-' or '_'", where);
    if (!spec.is_object())
        return fail("a server is an object", where);
    const std::set<std::string> &known = m_format == Format::CodexToml    ? kCodexFields
                                         : m_format == Format::GeminiJson ? kGeminiFields
                                                                          : kClaudeFields;
    for (const auto &[field, value] : spec.items())
        if (!known.contains(field))
            m_notes.push_back(name + ": \"" + field + "\" is not read (not a field of this format Warden knows)");
    McpServerRule server;
    server.name = name;
    if (m_format == Format::CodexToml && JsonLookup::booleanOr(spec, "enabled", true) == false)
        m_notes.push_back(name + ": disabled in the configuration; declared all the same, for a person to decide");
    const std::string url = !JsonLookup::stringOr(spec, "httpUrl").empty() ? JsonLookup::stringOr(spec, "httpUrl")
                                                                           : JsonLookup::stringOr(spec, "url");
    const nlohmann::json *command = JsonLookup::find(spec, "command");
    if (!url.empty()) {
        if (command)
            return fail("a server has a command or a URL, not both", where);
        auto atUrl = McpServerRule::atUrl(name, url);
        if (!atUrl)
            return fail("an http or https URL without a user name or password", where + "/url");
        server = std::move(*atUrl);
        if ((m_format == Format::GeminiJson && !spec.contains("httpUrl")) ||
            JsonLookup::stringOr(spec, "type") == "sse")
            m_notes.push_back(name + ": configured for the older SSE transport; Warden speaks Streamable HTTP to it, "
                                     "which a server that only speaks SSE does not answer");
    } else {
        if (!command || !command->is_string() || command->get_ref<const std::string &>().empty())
            return fail("a stdio server needs a \"command\" (or a URL)", where + "/command");
        server.command.push_back(command->get<std::string>());
        if (const nlohmann::json *args = JsonLookup::find(spec, "args")) {
            if (!args->is_array())
                return fail("\"args\" is an array of strings", where + "/args");
            for (const nlohmann::json &arg : *args) {
                if (!arg.is_string())
                    return fail("\"args\" is an array of strings", where + "/args");
                server.command.push_back(arg.get<std::string>());
            }
        }
        const std::string program = QFileInfo(QString::fromStdString(server.command.front())).fileName().toStdString();
        if (program == "npx" || program == "uvx" || program == "bunx" || program == "pipx")
            m_notes.push_back(name + ": " + program +
                              " fetches the server when it starts, and a server's sandbox has no network: install "
                              "it and name its program instead");
        guessDirectories(server);
    }
    for (const char *dropped : {"env", "headers", "http_headers", "env_http_headers", "bearer_token_env_var", "cwd"}) {
        const nlohmann::json *value = JsonLookup::find(spec, dropped);
        if (!value || (value->is_object() && value->empty()) ||
            (value->is_string() && value->get_ref<const std::string &>().empty()))
            continue;
        const std::string field = dropped;
        if (!server.url.empty() && field != "env" && field != "cwd") {
            // What carried the server's credential: the warden sends it
            // instead, from its keychain; the agent never holds it.
            server.tokenFromKeychain = true;
            m_notes.push_back(name + ": \"" + field +
                              "\" is not copied: keep the server's token in the warden's keychain (wardenctl "
                              "mcp-token set " +
                              server.origin + "); the declaration takes it from there (\"token\": \"keychain\")");
            continue;
        }
        m_notes.push_back(name + ": \"" + field +
                          "\" is dropped: Warden starts a server without the agent's environment, headers or tokens");
    }
    m_servers.push_back(std::move(server));
    return {};
}

void AgentMcpConfig::guessDirectories(McpServerRule &server)
{
    std::vector<std::string> code;
    std::vector<std::string> data;
    for (const std::string &arg : server.command) {
        if (!arg.starts_with('/'))
            continue;
        auto normal = PathScope::normalize(arg);
        if (!normal || *normal == "/")
            continue;
        const QFileInfo info(QString::fromStdString(*normal));
        if (info.isDir()) {
            data.push_back(*normal);
        } else if (info.isFile()) {
            // A program's package: up to the node_modules it sits in (its
            // dependencies are there too), else its own directory. A system
            // program (/usr/bin/node) is in the image already.
            if (normal->starts_with("/usr/") || normal->starts_with("/bin/"))
                continue;
            QDir dir = info.absoluteDir();
            QString package = dir.absolutePath();
            for (QDir up = dir; !up.isRoot(); up.cdUp())
                if (up.dirName() == QLatin1String("node_modules")) {
                    QDir parent = up;
                    parent.cdUp();
                    package = parent.absolutePath();
                    break;
                }
            code.push_back(package.toStdString());
        }
    }
    if (!code.empty())
        server.codeDir = code.front();
    if (!data.empty())
        server.dataDir = data.front();
    std::string said = server.name + ": ";
    if (code.empty() && data.empty())
        said += "no directory on its command line; the server sees only Warden's image";
    if (!code.empty())
        said += "code " + server.codeDir + " (read-only)";
    if (!data.empty())
        said += std::string(code.empty() ? "" : ", ") + "data " + server.dataDir + " (read-write)";
    m_notes.push_back(said + ": guessed from its command line; check them");
    for (std::size_t i = 1; i < code.size(); ++i)
        m_notes.push_back(server.name + ": " + code[i] +
                          " is named too, and not mounted (one code directory a server)");
    for (std::size_t i = 1; i < data.size(); ++i)
        m_notes.push_back(server.name + ": " + data[i] +
                          " is named too, and not mounted (one data directory a server)");
}

std::string AgentMcpConfig::rewritten() const
{
    if (m_format != Format::CodexToml) {
        // Checked by read(): the same text, kept in its own order.
        nlohmann::ordered_json document = nlohmann::ordered_json::parse(m_text, nullptr, false);
        for (auto &[name, spec] : document["mcpServers"].items()) {
            nlohmann::ordered_json relay;
            if (m_format == Format::ClaudeJson)
                relay["type"] = "stdio";
            relay["command"] = kRelay;
            relay["args"] = {name};
            if (m_format == Format::GeminiJson)
                for (const auto &[field, value] : spec.items())
                    if (kGeminiKept.contains(field))
                        relay[field] = value;
            spec = std::move(relay);
        }
        return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    }
    // config.toml: every [mcp_servers...] table goes, the rest stays line
    // for line, and each server comes back as warden-mcp.
    std::string out;
    bool skipping = false;
    std::size_t start = 0;
    while (start < m_text.size()) {
        std::size_t end = m_text.find('\n', start);
        if (end == std::string::npos)
            end = m_text.size();
        const std::string line = m_text.substr(start, end - start);
        start = end + 1;
        std::string trimmed = line;
        trimmed.erase(0, trimmed.find_first_not_of(" \t"));
        if (trimmed.starts_with("["))
            skipping = trimmed.starts_with("[mcp_servers.") || trimmed.starts_with("[mcp_servers]") ||
                       trimmed.starts_with("[ mcp_servers");
        if (!skipping)
            out += line + "\n";
    }
    while (out.ends_with("\n\n"))
        out.pop_back();
    for (const McpServerRule &server : m_servers)
        out += "\n[mcp_servers." + server.name + "]\ncommand = " + CodexToml::quoted(kRelay) + "\nargs = [" +
               CodexToml::quoted(server.name) + "]\n";
    return out;
}

} // namespace warden
