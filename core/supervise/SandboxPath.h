#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace warden {

// Where a path named by a supervised process really leads: walked one
// component at a time inside the process's own root (/proc/PID/root),
// through its symlinks, "..", its working directory and its descriptors
// (/proc/self/fd/N, /dev/fd/N, /dev/stdout), as the kernel will walk it for
// that process; never by the letter. The walk never follows a link itself
// (each is read and its text walked again from the sandbox's root), so a
// hostile link cannot make the warden look at its own files.
class SandboxPath {
public:
    enum class Kind {
        File,         // a place on a file system: `path` (existing or not)
        NotAFile,     // a pipe, socket or anonymous descriptor: nothing on disk
        Unresolvable, // refused: `why` says what (another process's descriptor, a deleted file, a loop)
    };
    struct Resolved {
        Kind kind = Kind::Unresolvable;
        std::string path; // absolute, in the sandbox's view, without symlinks in its directories
        bool exists = false;
        dev_t device = 0;
        ino_t inode = 0;
        nlink_t links = 0;
        std::string why;
    };

    // The thread `tid` (in the warden's PID namespace). `stillValid` is
    // asked once the process's root is open: a pid reused by another
    // process meanwhile must not have the warden walk that one's files.
    explicit SandboxPath(pid_t tid, const std::function<bool()> &stillValid = {});
    SandboxPath(const SandboxPath &) = delete;
    SandboxPath &operator=(const SandboxPath &) = delete;
    ~SandboxPath();

    // `path` as the process names it (absolute, or relative to `base`, an
    // absolute directory in its view). `followFinal`: whether the call
    // follows a symlink in the last component (open does; unlink does not).
    Resolved resolve(const std::string &path, bool followFinal, const std::string &base = "/");
    // What descriptor `fd` of the process is.
    Resolved descriptor(int fd);

    // At most this many symlinks in one walk (the kernel's own limit), this
    // many directories deep (one descriptor each), this many names in all.
    static constexpr int kMaxLinks = 40;
    static constexpr std::size_t kMaxDepth = 256;
    static constexpr std::size_t kMaxNames = 4096;

private:
    std::optional<std::string> nsPids(); // "TGID" and "TGID/task/TID" in the sandbox's view
    Resolved fromLink(const std::string &procEntry, const std::string &rest, bool followFinal, int budget);
    Resolved walk(const std::string &path, bool followFinal, int budget);

    pid_t m_tid = 0;
    std::string m_hostTgid; // the thread group's leader, in the warden's PID namespace
    int m_root = -1;
    std::string m_tgid; // in the sandbox's PID namespace
    std::string m_ownTask;
    std::size_t m_names = 0; // walked so far, across the links of one resolve
};

} // namespace warden
