#pragma once

#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <memory>
#include <string>
#include <vector>

namespace warden {

// A run of any agent command under a declaration (wardenctl run, the
// console's custom launch, a remote host's "run" request): the agent SDK is
// mounted at /opt/warden; the run adds warden-init, which bridges the proxy
// and puts the command under syscall supervision.
struct CustomRun {
    std::shared_ptr<const Declaration> declaration;
    std::string hostKind = "bwrap";
    std::string image; // bwrap root directory or Docker image
    std::vector<std::string> argv;
    std::string dataDir; // mounted read-only at /data when set
    int wallSeconds = 0; // 0: the sandbox default

    Result<RunConfig> config() const;
};

} // namespace warden
