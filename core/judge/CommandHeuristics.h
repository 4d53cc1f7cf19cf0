#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::CommandHeuristics {

// Signals the judge reads out of command text and argv. They are heuristics
// over what an agent asked for, never used to allow anything.

// "curl ... | sh", "wget -qO- ... | python3", "bash <(curl ...)" and the like.
bool isPipeToInterpreter(std::string_view commandText);

// Programs that move data over the network (curl, wget, nc, ssh, ...).
bool isNetworkTool(std::string_view program);

// Programs that change privilege or escape a sandbox (sudo, nsenter, mount, ...).
bool isPrivilegeTool(std::string_view program);

// Host paths that hold credentials or control the host (/etc/shadow, ~/.ssh,
// /proc/*/environ, the Docker socket, ...).
bool isSensitivePath(std::string_view path);

// For a download command (curl -o F, wget -O F), the file it writes to.
std::optional<std::string> downloadTarget(const std::vector<std::string> &argv);

// For an exec-like argv (./F, sh F, python3 F, chmod +x F), the file it runs.
std::optional<std::string> executedFile(const std::vector<std::string> &argv);

std::string basename(std::string_view program);

} // namespace warden::CommandHeuristics
