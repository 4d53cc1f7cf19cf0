#pragma once

#include "core/policy/Declaration.h"
#include "core/sandbox/DockerClient.h"
#include "core/sandbox/SandboxSpec.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// How an approved or allowed tool is carried out on the warden's side.
//  - Argv: a fixed argv whose "{param}" elements are replaced by parameter
//    values, each value one whole argument. Never a shell.
//  - FileRead / FileWrite / FileDelete: the file named by `pathParam`, which
//    must lie inside `scope` (the sandbox path the declaration grants), is
//    read, written (from `contentParam`) or deleted in `hostRoot`, the host
//    directory that backs the scope. Symlinks never lead out of it.
//  - Http: a GET (or POST of `contentParam`) to the URL in `urlParam`, via
//    libcurl; the policy has already checked that its host is declared.
struct ToolExecutor {
    enum class Kind { Argv, FileRead, FileWrite, FileDelete, Http };
    Kind kind = Kind::Argv;
    std::vector<std::string> argv;
    int timeoutSeconds = 30;
    std::string pathParam = "path";
    std::string contentParam = "content";
    std::string urlParam = "url";
    std::string scope;
    std::string hostRoot;
};

// Everything a live run needs besides the store and the approval queue.
struct RunConfig {
    std::shared_ptr<const Declaration> declaration;
    std::string source;   // "demo:code-bot", "run"
    std::string hostKind; // "bwrap", "docker"
    // The engine of a "docker" run (a host on the console's Hosts screen);
    // unset: the one DOCKER_HOST names.
    std::optional<DockerEndpoint> dockerEndpoint;
    SandboxSpec sandbox; // image, argv, binds; env is completed by the run
    std::string launcher;
    bool launcherMayApprove = true;
    int approvalTimeoutSeconds = 15 * 60;
    // What one run may put in the audit store. Past either, the run is
    // ended (and that is recorded) and its further actions are denied
    // unrecorded: an agent cannot fill the warden's disk.
    std::int64_t maxRecords = 500'000;
    std::int64_t maxRecordBytes = std::int64_t{512} * 1024 * 1024;
    std::map<std::string, ToolExecutor> executors;
    // Code-interpreter tools: tool name -> the parameter holding Python code,
    // which is scanned before the agent is told to run it.
    std::map<std::string, std::string> codeTools;
    // Where the code scanner runs (a sandbox root with python3) and its script.
    std::string scannerRoot;
    std::string scannerScript;
    // MCP servers (declaration "mcp_servers") run on this sandbox root
    // (Warden's image when empty); a forwarded request that the server
    // does not answer in time fails.
    std::string mcpServerRoot;
    int mcpCallTimeoutSeconds = 120;
    // Host directories bound writable into the sandbox (an agent's workspace
    // and home): a warden that is root hands them to the run's sandbox user
    // for the run (HandedDirectory).
    std::vector<std::string> handedDirs;
    // Keys the launcher hands the model door by provider name, over the
    // declaration's "env:VAR" (a demo's scripted model's); never in the sandbox.
    std::map<std::string, std::string> modelKeys;
    // What lives exactly as long as the run and goes with it: a demo's
    // workspace copy, an agent's fresh home, a demo's scripted model.
    std::vector<std::shared_ptr<void>> keptForRun;
};

} // namespace warden
