#pragma once

#include "core/sandbox/DockerClient.h"
#include "core/sandbox/Sandbox.h"

#include <memory>
#include <optional>
#include <string>

namespace warden {

// The sandbox backend for a host kind: "docker" talks to `docker`, or the
// engine DOCKER_HOST names; anything else is the embedded bubblewrap backend.
std::unique_ptr<Sandbox> createSandbox(const std::string &hostKind, const std::optional<DockerEndpoint> &docker = {});

} // namespace warden
