#pragma once

#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <string>
#include <vector>

namespace warden {

// The scripted injection stories that run in real sandboxes. The agents are
// scripted stand-ins for an LLM (no model runs), replaying real injections.
struct DemoScenario {
    std::string name;
    std::string title;
    std::string story;

    static std::vector<DemoScenario> all();
    // The run configuration for this scenario on a host kind ("bwrap" or "docker"),
    // with `image` the bubblewrap root directory or the Docker image.
    static Result<RunConfig> config(const std::string &name, const std::string &hostKind, const std::string &image);
};

} // namespace warden
