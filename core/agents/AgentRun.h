#pragma once

#include "core/agents/AgentProfile.h"
#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <map>
#include <string>
#include <vector>

namespace warden {

// A run of a real agent CLI (wardenctl agent, the console's launcher): its
// installation mounted read-only at /opt/agent, the person's workspace
// writable at /workspace (the working directory), a fresh home writable at
// /home/agent with the CLI's settings written in, the model's base URL in
// its environment and the model's host declared as a destination of this
// run. The agent's own sandbox switches are off: Warden's sandbox, proxy and
// supervisor stand in their place.
struct AgentRun {
    const AgentProfile *profile = nullptr;
    std::string installation; // the CLI's directory under ResourcePaths::agentsDir()
    std::string workspace;    // an existing directory
    std::string home;         // an empty directory for its length; empty: a fresh one, removed after the run
    std::string modelUrl;     // empty: the vendor's
    std::string
        apiKey; // behind the model door, the door's key (the CLI gets a stand-in); else in the CLI's environment
    std::string prompt;
    std::string declarationText; // the shipped one, or the person's
    std::string declarationName;
    std::string hostKind = "bwrap";
    std::string image;
    int wallSeconds = 600;

    // The declaration with the model's host and port added to its
    // destinations (and, for a loopback or private address, to its
    // internal ones): the model is what the person pointed the CLI at.
    Result<std::shared_ptr<const Declaration>> declaration() const;
    // Checks the installation, writes the home's files, and builds the run.
    Result<RunConfig> config() const;
    // "install it with: …/install-agents.sh NAME" when the CLI is missing.
    static std::string installHint(const AgentProfile &profile);

private:
    // The declaration's MCP servers in the CLI's own configuration (a file
    // in its home, or arguments), each reached through warden-mcp.
    void addMcpServers(const Declaration &declared, std::map<std::string, std::string> &files,
                       std::vector<std::string> &arguments) const;
};

} // namespace warden
