#pragma once

#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <memory>
#include <string>
#include <vector>

class QTemporaryDir;

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

    // A demo's file with where this Warden's resources are and the run's
    // workspace filled in (@RESOURCES@, @WORKSPACE@).
    static std::string filledIn(const std::string &text, const std::string &resources, const std::string &workspace);
    // A fresh copy of a demo's workspace for one run, so no run sees
    // another's files: `path`, writable by the sandbox's users (an MCP
    // server runs as one of its own), under a private parent (0711) whose
    // entries only this user can list, so no other local user finds it to
    // change the agent's input or to race its removal. Removed with the
    // parent when the last holder of `keep` lets go.
    struct WorkspaceCopy {
        std::shared_ptr<QTemporaryDir> keep;
        std::string path;
    };
    static Result<WorkspaceCopy> copyWorkspace(const std::string &from);
};

} // namespace warden
