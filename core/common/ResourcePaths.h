#pragma once

#include "core/common/Error.h"

#include <string>

namespace warden::ResourcePaths {

// Where Warden's resources (agent SDK, demo scenarios, image recipe) are on
// disk: $WARDEN_RESOURCES, else the installed share/warden beside the binary,
// else the source tree this binary was built from.
Result<std::string> root();

// The sandbox's init (warden-init, static): $WARDEN_INIT, else the installed
// one in Warden's private library directory beside the binary, else the one
// this build made.
Result<std::string> initProgram();

// The sandbox image's root directory: $WARDEN_IMAGE_DIR, else
// $XDG_CACHE_HOME/warden/image/rootfs. Empty error when it is not built yet.
Result<std::string> imageRoot();

// Where resources/agents/install-agents.sh puts the agent CLIs:
// $WARDEN_AGENTS_DIR, else /var/cache/warden/agents for root, else
// $XDG_CACHE_HOME/warden/agents.
std::string agentsDir();

// Builds the image with resources/image/build-image.sh (blocking, minutes).
Result<std::string> buildImage();

// The image a run uses on a host kind when none is named: Warden's image
// root for bwrap (built first if missing), warden-sandbox:1 for docker.
Result<std::string> defaultImage(const std::string &hostKind);

} // namespace warden::ResourcePaths
