#pragma once

#include "core/common/Error.h"

#include <string>
#include <sys/types.h>

namespace warden {

// A host directory a run writes into (an agent's workspace, its home) when
// the warden is root and the run's sandbox is a user of its own: handed to
// that user for the run, everything in it, and handed back to its owner
// when the run ends (what the agent made there too). Nothing is followed:
// a symbolic link is changed itself, never what it points to, and a
// directory reached through one is not entered; another file system below
// it is left alone, and so is a file with more than one name (a hard link). Without root nothing changes hands
// (bubblewrap then runs as the warden's own user, who owns the directory).
class HandedDirectory {
public:
    HandedDirectory() = default;
    HandedDirectory(const HandedDirectory &) = delete;
    HandedDirectory &operator=(const HandedDirectory &) = delete;
    ~HandedDirectory();

    Result<void> hand(const std::string &path, uid_t uid, gid_t gid);
    // Back to the owner it had; also done when this object goes.
    void takeBack();

private:
    std::string m_path;
    uid_t m_owner = 0;
    gid_t m_group = 0;
    bool m_handed = false;
};

} // namespace warden
