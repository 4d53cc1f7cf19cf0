#pragma once

#include <string>
#include <utility>
#include <vector>

namespace warden {

// What to run and how tightly: the same spec for every backend. Defaults are
// the hardened ones; a run can only make limits tighter through its config.
struct SandboxSpec {
    struct Bind {
        std::string hostPath;
        std::string sandboxPath;
        bool writable = false;
    };

    std::string runId;
    std::string image; // bubblewrap: a root directory; Docker: an image reference
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<Bind> binds;
    std::string workdir = "/tmp";
    int uid = 65534;
    int gid = 65534;
    int memoryMb = 512;
    int pids = 64;
    int wallSeconds = 120;
    int tmpfsMb = 64;
    // The agent runs under warden-init's supervision filter: the outer
    // deny-list leaves the privileged calls to the supervisor, which denies
    // them too, and records them.
    bool supervised = false;
    // Warden's seccomp profile as a file on the engine's host, for an engine
    // that reads it from a path (Podman); Docker is sent the profile itself.
    std::string seccompProfileFile;
    // bubblewrap: small empty directories laid over the image's before the
    // binds, so that a bind can be made at a path the read-only image lacks
    // (an MCP server's directories, mounted at their host paths).
    std::vector<std::string> mountPoints;
    // bubblewrap: the root is an empty directory tree with the image's
    // top-level entries bound on it one by one, read-only once the binds are
    // made; so a bind can be made under a top-level path the image lacks
    // (a checkout in /check, a home in /srv/users).
    bool assembledRoot = false;
};

} // namespace warden
