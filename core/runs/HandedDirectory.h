#pragma once

#include "core/common/Error.h"

#include <map>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <utility>

namespace warden {

// A host directory a run writes into (an agent's workspace, its home) when
// the warden is root and the run's sandbox is a user of its own: handed to
// that user for the run, and handed back when the run ends.
//
// Walked by descriptor, never by path: each directory is opened below its
// parent with O_NOFOLLOW and checked to be the one just looked at, so a
// directory swapped for a symbolic link while the walk runs (by the
// directory's owner, or an agent still running) leads nowhere outside. What
// is handed over is remembered by device and inode with its owner: handing
// back restores each one, gives what the sandbox user made to the
// directory's owner, and leaves everything else alone. A file with another
// name elsewhere (a hard link) is not handed over; another file system below
// is not entered. Without root nothing changes hands (bubblewrap then runs
// as the warden's own user, who owns the directory).
class HandedDirectory {
public:
    HandedDirectory() = default;
    HandedDirectory(const HandedDirectory &) = delete;
    HandedDirectory &operator=(const HandedDirectory &) = delete;
    ~HandedDirectory();

    Result<void> hand(const std::string &path, uid_t uid, gid_t gid);
    // Back to their owners; also done when this object goes. Returns how
    // many entries could not be given back (said by the caller).
    int takeBack();

private:
    struct Owner {
        uid_t uid;
        gid_t gid;
    };
    int walk(int dir, bool handing, int depth);
    int settle(int dir, const char *name, const struct stat &st, bool handing);

    std::string m_path;
    int m_root = -1; // the directory itself, held from hand to takeBack
    dev_t m_device = 0;
    uid_t m_uid = 0; // the run's sandbox user
    gid_t m_gid = 0;
    Owner m_top{0, 0};
    std::map<std::pair<dev_t, ino_t>, Owner> m_owners; // what was handed over, and whose it was
};

} // namespace warden
