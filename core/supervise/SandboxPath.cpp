#include "core/supervise/SandboxPath.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <deque>
#include <fstream>
#include <vector>

namespace warden {

namespace {

std::deque<std::string> components(const std::string &path)
{
    std::deque<std::string> out;
    std::size_t at = 0;
    while (at <= path.size()) {
        const std::size_t end = std::min(path.find('/', at), path.size());
        if (end > at)
            out.push_back(path.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

std::optional<std::string> readLink(int dir, const char *name)
{
    char target[PATH_MAX];
    const ssize_t n = ::readlinkat(dir, name, target, sizeof(target));
    if (n <= 0 || n >= static_cast<ssize_t>(sizeof(target)))
        return std::nullopt;
    return std::string(target, static_cast<std::size_t>(n));
}

bool onProc(int dir)
{
    struct statfs fs {};
    return ::fstatfs(dir, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
}

// The directories walked so far, each held open (O_PATH), closed on leaving.
class DirectoryStack {
public:
    struct Entry {
        int fd;
        std::string name;
        bool proc;
        bool owned = true;
    };
    // The root is the walker's own descriptor, borrowed: never closed here.
    explicit DirectoryStack(int root) { m_entries.push_back({root, {}, root >= 0 && onProc(root), false}); }
    DirectoryStack(const DirectoryStack &) = delete;
    DirectoryStack &operator=(const DirectoryStack &) = delete;
    ~DirectoryStack()
    {
        while (!m_entries.empty())
            pop();
    }
    bool valid() const { return m_entries.front().fd >= 0; }
    void push(int fd, std::string name) { m_entries.push_back({fd, std::move(name), fd >= 0 && onProc(fd)}); }
    void pop()
    {
        if (m_entries.back().fd >= 0 && m_entries.back().owned)
            ::close(m_entries.back().fd);
        m_entries.pop_back();
    }
    void toRoot()
    {
        while (m_entries.size() > 1)
            pop();
    }
    const Entry &top() const { return m_entries.back(); }
    std::size_t depth() const { return m_entries.size(); }
    // Below a process's directory in procfs, where links are the kernel's
    // own (descriptors, cwd, root, exe), not text.
    bool belowProcRoot() const { return m_entries.size() >= 2 && top().proc && m_entries[m_entries.size() - 2].proc; }
    std::string path(const std::string &more = {}) const
    {
        std::string out;
        for (std::size_t i = 1; i < m_entries.size(); ++i)
            out += "/" + m_entries[i].name;
        if (!more.empty())
            out += "/" + more;
        return out.empty() ? "/" : out;
    }

private:
    std::vector<Entry> m_entries;
};

std::string joined(const std::deque<std::string> &parts)
{
    std::string out;
    for (const auto &p : parts)
        out += "/" + p;
    return out;
}

SandboxPath::Resolved refused(std::string why)
{
    SandboxPath::Resolved r;
    r.kind = SandboxPath::Kind::Unresolvable;
    r.why = std::move(why);
    return r;
}

SandboxPath::Resolved file(std::string path, const struct stat *st)
{
    SandboxPath::Resolved r;
    r.kind = SandboxPath::Kind::File;
    r.path = std::move(path);
    if (st) {
        r.exists = true;
        r.device = st->st_dev;
        r.inode = st->st_ino;
        r.links = st->st_nlink;
    }
    return r;
}

} // namespace

SandboxPath::SandboxPath(pid_t tid, const std::function<bool()> &stillValid) : m_tid(tid)
{
    if (tid > 0)
        m_root = ::open(("/proc/" + std::to_string(tid) + "/root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (m_root >= 0 && stillValid && !stillValid()) {
        ::close(m_root);
        m_root = -1;
    }
}

SandboxPath::~SandboxPath()
{
    if (m_root >= 0)
        ::close(m_root);
}

std::optional<std::string> SandboxPath::nsPids()
{
    if (!m_tgid.empty())
        return m_tgid;
    std::ifstream status("/proc/" + std::to_string(m_tid) + "/status");
    std::string line;
    std::string tgid;
    std::string tid;
    auto last = [](const std::string &l) {
        const auto at = l.find_last_of(" \t");
        return at == std::string::npos ? std::string() : l.substr(at + 1);
    };
    std::string hostTgid;
    while (std::getline(status, line)) {
        if (line.rfind("NStgid:", 0) == 0)
            tgid = last(line);
        else if (line.rfind("NSpid:", 0) == 0)
            tid = last(line);
        else if (line.rfind("Tgid:", 0) == 0)
            hostTgid = last(line);
    }
    auto number = [](const std::string &n) {
        return !n.empty() && n.find_first_not_of("0123456789") == std::string::npos;
    };
    if (!number(tgid) || !number(tid) || !number(hostTgid))
        return std::nullopt;
    m_hostTgid = hostTgid;
    m_tgid = tgid;
    m_ownTask = tgid + "/task/" + tid;
    return m_tgid;
}

SandboxPath::Resolved SandboxPath::resolve(const std::string &path, bool followFinal, const std::string &base)
{
    if (m_root < 0)
        return refused("the process's root cannot be opened");
    if (path.empty())
        return file({}, nullptr); // ENOENT on its own
    // A trailing slash makes the kernel follow a last symlink, whatever the call.
    if (path.size() > 1 && path.back() == '/')
        followFinal = true;
    m_names = 0;
    return walk(path.front() == '/' ? path : base + "/" + path, followFinal, kMaxLinks);
}

SandboxPath::Resolved SandboxPath::descriptor(int fd)
{
    if (m_root < 0)
        return refused("the process's root cannot be opened");
    if (fd < 0)
        return refused("descriptor " + std::to_string(fd));
    m_names = 0;
    return fromLink("/proc/" + std::to_string(m_tid) + "/fd/" + std::to_string(fd), {}, true, kMaxLinks);
}

// A kernel link (a descriptor, cwd, root, exe): its text is where the object
// is now; the object it leads to must be the one found there.
SandboxPath::Resolved SandboxPath::fromLink(const std::string &procEntry, const std::string &rest, bool followFinal,
                                            int budget)
{
    auto target = readLink(AT_FDCWD, procEntry.c_str());
    struct stat st {};
    if (!target || ::stat(procEntry.c_str(), &st) != 0)
        return refused("a descriptor that cannot be read");
    if (target->front() != '/') {
        // pipe:[N], socket:[N], anon_inode:…: nothing on a file system.
        if (!rest.empty())
            return refused("a path below " + *target);
        Resolved r;
        r.kind = Kind::NotAFile;
        r.path = *target;
        r.exists = true;
        r.device = st.st_dev;
        r.inode = st.st_ino;
        r.links = st.st_nlink;
        return r;
    }
    if (st.st_nlink == 0 || target->ends_with(" (deleted)"))
        return refused("a deleted or anonymous file (" + *target + ")");
    Resolved found = walk(*target, true, budget - 1);
    if (found.kind != Kind::File || !found.exists || found.device != st.st_dev || found.inode != st.st_ino)
        return refused("a descriptor whose path no longer leads to it (" + *target + ")");
    return rest.empty() ? found : walk(found.path + "/" + rest, followFinal, budget - 1);
}

SandboxPath::Resolved SandboxPath::walk(const std::string &path, bool followFinal, int budget)
{
    DirectoryStack dirs(m_root);
    if (!dirs.valid())
        return refused("the process's root cannot be opened");
    std::deque<std::string> todo = components(path);
    while (!todo.empty()) {
        if (++m_names > kMaxNames)
            return refused("a path of more than " + std::to_string(kMaxNames) + " names");
        std::string name = std::move(todo.front());
        todo.pop_front();
        if (name == ".")
            continue;
        if (name == "..") {
            if (dirs.depth() > 1)
                dirs.pop();
            continue;
        }
        const bool last = todo.empty();
        const int dir = dirs.top().fd;
        // procfs names the caller "self": the warden is not in the
        // sandbox's PID namespace, so it says which process that is.
        if (dirs.top().proc && !dirs.belowProcRoot() && (name == "self" || name == "thread-self")) {
            if (!nsPids())
                return refused("the process's PID in its namespace cannot be read");
            const auto own = components(name == "self" ? m_tgid : m_ownTask);
            todo.insert(todo.begin(), own.begin(), own.end());
            continue;
        }
        struct stat st {};
        if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            // A new name, or (below it) a call that fails on its own; in
            // procfs, a descriptor or process that is not there.
            if (errno == ENOENT && !dirs.top().proc)
                return file(dirs.path(name) + joined(todo), nullptr);
            return refused("cannot look at " + dirs.path(name) + ": " + std::strerror(errno));
        }
        if (S_ISLNK(st.st_mode)) {
            if (last && !followFinal)
                return file(dirs.path(name), &st);
            if (--budget < 0)
                return refused("too many symbolic links");
            if (dirs.belowProcRoot()) {
                // /proc/N/fd/K, cwd, root, exe: only the process's own.
                if (!nsPids())
                    return refused("the process's PID in its namespace cannot be read");
                // The process's links are its leader's (/proc/self is the
                // thread group's), the thread's own under task/TID: a thread
                // may have a working directory and descriptors of its own.
                const std::string here = dirs.path();
                const std::string mine = "/proc/" + m_tgid;
                const std::string task = "/proc/" + m_ownTask;
                std::string entry;
                if (here == task || here == task + "/fd")
                    entry = "/proc/" + std::to_string(m_tid) + here.substr(task.size());
                else if (here == mine || here == mine + "/fd")
                    entry = "/proc/" + m_hostTgid + here.substr(mine.size());
                else
                    return refused("a kernel link other than the process's own (" + dirs.path(name) + ")");
                entry += "/" + name;
                return fromLink(entry, joined(todo).substr(todo.empty() ? 0 : 1), followFinal, budget);
            }
            auto target = readLink(dir, name.c_str());
            if (!target)
                return refused("cannot read the link " + dirs.path(name));
            if (target->front() == '/')
                dirs.toRoot();
            auto more = components(*target);
            todo.insert(todo.begin(), more.begin(), more.end());
            continue;
        }
        if (last)
            return file(dirs.path(name), &st);
        if (!S_ISDIR(st.st_mode))
            return file(dirs.path(name) + joined(todo), nullptr); // ENOTDIR on its own
        if (dirs.depth() > kMaxDepth)
            return refused("a path more than " + std::to_string(kMaxDepth) + " directories deep");
        const int next = ::openat(dir, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0)
            return refused("cannot open " + dirs.path(name) + ": " + std::strerror(errno));
        dirs.push(next, name);
    }
    // Ended on a directory ("/", "a/..", "dir/").
    struct stat st {};
    if (::fstat(dirs.top().fd, &st) != 0)
        return refused("cannot look at " + dirs.path());
    return file(dirs.path(), &st);
}

} // namespace warden
