#pragma once

#include "core/sandbox/Sandbox.h"

#include <memory>
#include <string>

namespace warden {

// The sandbox backend for a host kind: "docker" talks to the engine that
// DOCKER_HOST names; anything else is the embedded bubblewrap backend.
std::unique_ptr<Sandbox> createSandbox(const std::string &hostKind);

} // namespace warden
