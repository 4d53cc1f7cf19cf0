#pragma once

#include "core/common/Error.h"
#include "core/common/SandboxContract.h"
#include "core/policy/Declaration.h"

#include <string>
#include <vector>

namespace warden {

// An agent CLI's MCP configuration, read to put its servers behind Warden
// (`wardenctl declare --from-agent-config`): Claude Code's .mcp.json and
// Claude Desktop's config ("mcpServers"), Gemini CLI's settings.json
// ("mcpServers", with "httpUrl" or "url" for a server at a URL) and Codex
// CLI's config.toml ([mcp_servers.NAME]). Each server becomes a declared
// McpServerRule: its command as written; for a stdio server, the directories
// its command line names, guessed (a file's package, up to its
// node_modules, read-only as its code; a directory read-write as its data)
// and said in `notes` for a person to confirm. What Warden cannot carry is
// said too and dropped: a server's environment (it may hold keys) and
// headers. rewritten() is the same configuration with every server pointed
// at warden-mcp, everything else in it left as it was.
class AgentMcpConfig {
public:
    enum class Format { ClaudeJson, GeminiJson, CodexToml };

    static Result<AgentMcpConfig> read(const std::string &path);

    Format format() const { return m_format; }
    const std::vector<McpServerRule> &servers() const { return m_servers; }
    // One line each, for the person running declare.
    const std::vector<std::string> &notes() const { return m_notes; }
    // The configuration with each server started as `warden-mcp NAME` (the
    // agent's only way to its MCP servers under Warden).
    std::string rewritten() const;

    static constexpr const char *kRelay = contract::kMcpRelay;

private:
    Result<void> readServer(const std::string &name, const nlohmann::json &spec, const std::string &where);
    void guessDirectories(McpServerRule &server);

    Format m_format = Format::ClaudeJson;
    std::string m_path;
    std::string m_text;
    std::vector<McpServerRule> m_servers;
    std::vector<std::string> m_notes;
};

} // namespace warden
