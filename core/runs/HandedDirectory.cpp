#include "core/runs/HandedDirectory.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden {

namespace {

// nftw's callback takes no context: the owner to give is set just before
// the walk (the warden's thread is the only one that walks).
thread_local uid_t g_uid = 0;
thread_local gid_t g_gid = 0;
thread_local dev_t g_device = 0;
thread_local int g_failures = 0;

int giveOne(const char *path, const struct stat *st, int, struct FTW *)
{
    if (st->st_dev != g_device)
        return FTW_SKIP_SUBTREE; // another file system mounted below: not the run's to change
    // A file with another name elsewhere (a hard link an earlier run made to
    // a file outside, say the image's) keeps its owner: handing it over
    // would hand over that other file.
    if (!S_ISDIR(st->st_mode) && st->st_nlink > 1)
        return FTW_CONTINUE;
    if (::fchownat(AT_FDCWD, path, g_uid, g_gid, AT_SYMLINK_NOFOLLOW) != 0)
        ++g_failures;
    return FTW_CONTINUE;
}

int chownTree(const std::string &path, uid_t uid, gid_t gid)
{
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return -1;
    g_uid = uid;
    g_gid = gid;
    g_device = st.st_dev;
    g_failures = 0;
    // FTW_PHYS: symbolic links are not followed; FTW_MOUNT: nor other file systems.
    if (::nftw(path.c_str(), giveOne, 32, FTW_PHYS | FTW_MOUNT | FTW_ACTIONRETVAL) != 0)
        return -1;
    return g_failures;
}

} // namespace

HandedDirectory::~HandedDirectory()
{
    takeBack();
}

Result<void> HandedDirectory::hand(const std::string &path, uid_t uid, gid_t gid)
{
    if (::getuid() != 0)
        return {};
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return fail("not a directory (a symbolic link is not followed)", {}, 0, path);
    m_path = path;
    m_owner = st.st_uid;
    m_group = st.st_gid;
    m_handed = true;
    if (chownTree(path, uid, gid) != 0) {
        takeBack();
        return fail("cannot hand the directory to the run's sandbox user", {}, 0, path);
    }
    return {};
}

void HandedDirectory::takeBack()
{
    if (!m_handed)
        return;
    m_handed = false;
    (void)chownTree(m_path, m_owner, m_group);
}

} // namespace warden
