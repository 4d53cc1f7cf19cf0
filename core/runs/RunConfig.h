#pragma once

#include "policy/Declaration.h"
#include "sandbox/SandboxSpec.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace warden {

// How an approved or allowed tool is carried out on the host side: a fixed
// argv whose "{param}" elements are replaced by parameter values, each value
// one whole argument. Never a shell.
struct ToolExecutor {
    std::vector<std::string> argv;
    int timeoutSeconds = 30;
};

// Everything a live run needs besides the store and the approval queue.
struct RunConfig {
    std::shared_ptr<const Declaration> declaration;
    std::string source;   // "demo:code-bot", "run"
    std::string hostKind; // "bwrap", "docker"
    SandboxSpec sandbox;  // image, argv, binds; env is completed by the run
    std::string launcher;
    bool launcherMayApprove = true;
    int approvalTimeoutSeconds = 15 * 60;
    std::map<std::string, ToolExecutor> executors;
    // Code-interpreter tools: tool name -> the parameter holding Python code,
    // which is scanned before the agent is told to run it.
    std::map<std::string, std::string> codeTools;
    // Where the code scanner runs (a sandbox root with python3) and its script.
    std::string scannerRoot;
    std::string scannerScript;
};

} // namespace warden
