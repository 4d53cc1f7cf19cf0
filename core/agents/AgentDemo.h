#pragma once

#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <string>
#include <vector>

namespace warden {

struct AgentProfile;

// The real-agent demos: an installed agent CLI (Claude Code, Codex CLI,
// Gemini CLI), unmodified, on a copy of a small repository whose README
// carries an injection, against a scripted model (a stand-in for the hosted
// one, replaying the turns an injected model takes). The CLI, its shell,
// the sandbox, proxy, supervisor, MCP bridge, judge and store are real.
// Named "<cli>-injected"; resources/scenarios/agent-injected holds the
// repository, the model's script and the demo's MCP file server.
struct AgentDemo {
    std::string name;  // claude-code-injected
    std::string title; // Claude Code reads a poisoned README
    std::string story;
    const AgentProfile *profile = nullptr;

    static const std::vector<AgentDemo> &all();
    static const AgentDemo *find(const std::string &name);
    // Whether its CLI is installed (resources/agents/install-agents.sh).
    bool installed() const;
    // The run on a host kind ("bwrap", "docker") and image: the CLI's
    // shipped declaration with the demo's file server added, a fresh
    // workspace and home, and the scripted model, all kept for the run and
    // gone after it. A missing CLI is named with the command that installs it.
    Result<RunConfig> config(const std::string &hostKind, const std::string &image) const;

    // Any demo by its name: a real-agent one here, else a scripted one
    // (DemoScenario), which cannot know of these.
    static Result<RunConfig> configFor(const std::string &name, const std::string &hostKind, const std::string &image);
};

} // namespace warden
