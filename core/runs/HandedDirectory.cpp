#include "core/runs/HandedDirectory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>
#include <vector>

namespace warden {

namespace {

constexpr int kMaxDepth = 256; // deeper than any tree a run needs; past it, left alone

} // namespace

HandedDirectory::~HandedDirectory()
{
    takeBack();
}

Result<void> HandedDirectory::hand(const std::string &path, uid_t uid, gid_t gid)
{
    if (::getuid() != 0)
        return {};
    const int root = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st {};
    if (root < 0 || ::fstat(root, &st) != 0) {
        if (root >= 0)
            ::close(root);
        return fail("not a directory (a symbolic link is not followed)", {}, 0, path);
    }
    m_path = path;
    m_root = root;
    m_device = st.st_dev;
    m_uid = uid;
    m_gid = gid;
    m_top = {st.st_uid, st.st_gid};
    m_owners[{st.st_dev, st.st_ino}] = m_top;
    int failures = ::fchown(root, uid, gid) == 0 ? 0 : 1;
    failures += walk(root, true, 0);
    if (failures > 0) {
        takeBack();
        return fail("cannot hand the directory to the run's sandbox user", {}, 0, path);
    }
    return {};
}

int HandedDirectory::takeBack()
{
    if (m_root < 0)
        return 0;
    int failures = walk(m_root, false, 0);
    struct stat st {};
    if (::fstat(m_root, &st) == 0)
        failures += settle(m_root, nullptr, st, false);
    ::close(m_root);
    m_root = -1;
    m_owners.clear();
    return failures;
}

// One entry (`name` in `dir`, or `dir` itself when name is null), handed
// over or back.
int HandedDirectory::settle(int dir, const char *name, const struct stat &st, bool handing)
{
    auto change = [&](uid_t u, gid_t g) {
        const int rc = name ? ::fchownat(dir, name, u, g, AT_SYMLINK_NOFOLLOW) : ::fchown(dir, u, g);
        return rc == 0 ? 0 : 1;
    };
    if (handing) {
        // A file with another name may be a file outside: not handed.
        if (!S_ISDIR(st.st_mode) && st.st_nlink > 1)
            return 0;
        m_owners[{st.st_dev, st.st_ino}] = {st.st_uid, st.st_gid};
        return change(m_uid, m_gid);
    }
    auto known = m_owners.find({st.st_dev, st.st_ino});
    if (known != m_owners.end())
        return st.st_uid == known->second.uid && st.st_gid == known->second.gid
                   ? 0
                   : change(known->second.uid, known->second.gid);
    // Made during the run: the sandbox user's becomes the directory owner's.
    // (A set-user-ID bit goes with the change of owner.)
    if (st.st_uid == m_uid)
        return change(m_top.uid, m_top.gid);
    return 0;
}

int HandedDirectory::walk(int dir, bool handing, int depth)
{
    if (depth > kMaxDepth)
        return 0;
    const int listing = ::dup(dir);
    DIR *d = listing >= 0 ? ::fdopendir(listing) : nullptr;
    if (!d) {
        if (listing >= 0)
            ::close(listing);
        return 1;
    }
    ::rewinddir(d);
    std::vector<std::string> names;
    while (const dirent *e = ::readdir(d)) {
        const std::string_view n = e->d_name;
        if (n != "." && n != "..")
            names.emplace_back(n);
    }
    ::closedir(d);
    int failures = 0;
    for (const std::string &name : names) {
        struct stat st {};
        if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_dev != m_device)
            continue; // gone, or another file system mounted below: not the run's
        if (S_ISDIR(st.st_mode)) {
            const int sub = ::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            struct stat opened {};
            if (sub < 0 || ::fstat(sub, &opened) != 0 || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev) {
                if (sub >= 0)
                    ::close(sub);
                ++failures; // swapped while walked: left alone, and said
                continue;
            }
            // Into it first (handing back: its owner may be changed after).
            failures += walk(sub, handing, depth + 1);
            failures += settle(sub, nullptr, opened, handing);
            ::close(sub);
            continue;
        }
        failures += settle(dir, name.c_str(), st, handing);
    }
    return failures;
}

} // namespace warden
