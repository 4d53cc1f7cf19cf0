#include "core/sandbox/SandboxFactory.h"

#include "core/sandbox/BubblewrapSandbox.h"
#include "core/sandbox/DockerSandbox.h"

namespace warden {

std::unique_ptr<Sandbox> createSandbox(const std::string &hostKind, const std::optional<DockerEndpoint> &docker)
{
    if (hostKind == "docker")
        return std::make_unique<DockerSandbox>(docker ? *docker : DockerSandbox::endpointFromEnvironment());
    return std::make_unique<BubblewrapSandbox>();
}

} // namespace warden
