#pragma once

#include "core/policy/ModelProvider.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warden {

// One agent CLI Warden runs unmodified (Claude Code, Codex CLI, Gemini
// CLI): where its program is in an installation made by
// resources/agents/install-agents.sh, how it is started headless with a
// prompt, what it is told in its environment and home so that it talks to
// its model only (no telemetry, no updates, no vendor sign-in), and the
// declaration Warden ships for it. "${MODEL_URL}" in a value is the model's
// base URL.
struct AgentProfile {
    std::string name;  // claude-code
    std::string title; // Claude Code
    // The program and its arguments before the prompt, relative paths
    // being inside the installation (mounted at kInstallPath, a top-level path the image lacks).
    std::vector<std::string> command;
    std::vector<std::string> afterPrompt;
    std::vector<std::pair<std::string, std::string>> env;
    // Files written into the run's fresh home before it starts.
    std::vector<std::pair<std::string, std::string>> homeFiles;
    std::string apiKeyVariable; // the key's variable, e.g. ANTHROPIC_API_KEY
    std::string modelVariable;  // where the base URL goes, if the CLI reads one
    std::string defaultModelUrl;
    std::string declaration; // resources/declarations/NAME
    // The API it speaks (behind the model door, its declaration's provider).
    ModelApi api = ModelApi::Anthropic;

    static constexpr const char *kInstallPath = "/agent";
    static constexpr const char *kWorkspacePath = "/workspace";
    static constexpr const char *kHomePath = "/home/agent";

    static const std::vector<AgentProfile> &all();
    static const AgentProfile *find(std::string_view name);
    // The program that must exist in an installation for the CLI to run.
    std::string program() const { return command.front(); }
};

} // namespace warden
