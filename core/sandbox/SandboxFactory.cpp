#include "sandbox/SandboxFactory.h"

#include "sandbox/BubblewrapSandbox.h"
#include "sandbox/DockerSandbox.h"

namespace warden {

std::unique_ptr<Sandbox> createSandbox(const std::string &hostKind)
{
    if (hostKind == "docker")
        return std::make_unique<DockerSandbox>(DockerSandbox::endpointFromEnvironment());
    return std::make_unique<BubblewrapSandbox>();
}

} // namespace warden
