#include "core/supervise/SyscallNotice.h"

#include "core/supervise/DnsQuestion.h"

#include "core/policy/PathScope.h"
#include "core/supervise/SandboxPath.h"
#include "core/supervise/TraceeMemory.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>

namespace warden {

namespace {

using supervised::CallClass;

constexpr std::size_t kInet6WithoutScope = 24; // SIN6_LEN_RFC2133

// Fills family, host and port from a sockaddr of `len` bytes at `address`.
bool readAddress(SyscallNotice &s, TraceeMemory &memory, std::uint64_t address, std::uint64_t len)
{
    if (address == 0)
        return true; // a connected socket: no address named
    if (len < sizeof(sa_family_t) || len > sizeof(sockaddr_storage)) {
        s.why = "an address of " + std::to_string(len) + " bytes";
        return false;
    }
    auto raw = memory.bytes(address, static_cast<std::size_t>(len));
    if (!raw) {
        s.why = "the address is not readable";
        return false;
    }
    sockaddr_storage ss{};
    std::memcpy(&ss, raw->data(), raw->size());
    s.family = ss.ss_family;
    char text[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET && len >= sizeof(sockaddr_in)) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(&ss);
        ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
        s.host = text;
        s.port = ntohs(in->sin_port);
    } else if (ss.ss_family == AF_INET6 && len >= kInet6WithoutScope) {
        // The kernel takes the 24 bytes of RFC 2133's sockaddr_in6 (no scope
        // id); ss is zeroed past what was read.
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&ss);
        ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
        s.host = text;
        s.port = ntohs(in6->sin6_port);
    } else if (ss.ss_family == AF_UNIX) {
        const auto *un = reinterpret_cast<const sockaddr_un *>(&ss);
        const std::size_t max = static_cast<std::size_t>(len) - offsetof(sockaddr_un, sun_path);
        // An abstract name starts with NUL; either way it stays on this host's sandbox side.
        s.host = std::string(un->sun_path, strnlen(un->sun_path, max));
    }
    return true;
}

// A msghdr's name and, for a DNS server, its question.
bool readMessage(SyscallNotice &s, TraceeMemory &memory, std::uint64_t header)
{
    auto raw = memory.bytes(header, sizeof(msghdr));
    if (!raw) {
        s.why = "the message header is not readable";
        return false;
    }
    msghdr m{};
    std::memcpy(&m, raw->data(), sizeof(m));
    if (!readAddress(s, memory, reinterpret_cast<std::uintptr_t>(m.msg_name), m.msg_namelen))
        return false;
    // A DNS query: the first buffer of the message.
    if (s.port == 53 && m.msg_iovlen >= 1 && m.msg_iov) {
        if (auto iov = memory.bytes(reinterpret_cast<std::uintptr_t>(m.msg_iov), sizeof(iovec))) {
            iovec first{};
            std::memcpy(&first, iov->data(), sizeof(first));
            if (auto payload = memory.bytes(reinterpret_cast<std::uintptr_t>(first.iov_base),
                                            std::min<std::size_t>(first.iov_len, 512)))
                s.dnsName = DnsQuestion::nameIn(*payload);
        }
    }
    return true;
}

// sendmmsg(fd, msgvec, vlen, flags): every message the kernel will send (it
// caps vlen at UIO_MAXIOV). Judged by the first one that leaves the sandbox;
// messages to two different places outside are refused as one call.
bool readMessages(SyscallNotice &s, TraceeMemory &memory, std::uint64_t vector, std::uint64_t count)
{
    constexpr std::uint64_t kMaxMessages = 1024; // UIO_MAXIOV
    count = std::min(count, kMaxMessages);
    if (count == 0)
        return true;
    std::optional<SyscallNotice> outside;
    SyscallNotice first;
    for (std::uint64_t i = 0; i < count; ++i) {
        SyscallNotice one;
        one.kind = s.kind;
        one.nr = s.nr;
        if (!readMessage(one, memory, vector + i * sizeof(mmsghdr))) {
            s.why = one.why + " (message " + std::to_string(i + 1) + ")";
            return false;
        }
        if (i == 0)
            first = one;
        if (one.staysInside())
            continue;
        if (outside && (outside->family != one.family || outside->host != one.host || outside->port != one.port ||
                        outside->dnsName != one.dnsName)) {
            s.why = "one sendmmsg to two places outside the sandbox";
            return false;
        }
        if (!outside)
            outside = one;
    }
    const SyscallNotice &judged = outside ? *outside : first;
    s.family = judged.family;
    s.host = judged.host;
    s.port = judged.port;
    s.dnsName = judged.dnsName;
    return true;
}

// Where path argument `pathArg` (relative to directory descriptor argument
// `dirArg`, or the working directory when -1) leads, into `out`; a NULL path
// (utimensat, futimesat) and an empty one with AT_EMPTY_PATH name the
// descriptor itself.
bool readPath(SyscallNotice &s, TraceeMemory &memory, SandboxPath &paths, const __u64 *args, int dirArg, int pathArg,
              bool follow, bool emptyIsDescriptor, std::string &out)
{
    const int dirfd = dirArg < 0 ? AT_FDCWD : static_cast<int>(args[dirArg]);
    SandboxPath::Resolved r;
    std::optional<std::string> path;
    if (args[pathArg] != 0) {
        path = memory.string(args[pathArg]);
        if (!path) {
            s.why = "the file name is not readable";
            return false;
        }
    }
    if ((!path || (path->empty() && emptyIsDescriptor)) && dirfd != AT_FDCWD) {
        r = paths.descriptor(dirfd);
    } else if (path && path->empty() && emptyIsDescriptor) {
        r = paths.resolve("/proc/thread-self/cwd", true); // AT_FDCWD itself: the working directory
    } else if (!path || path->empty()) {
        out.clear(); // ENOENT (or EFAULT) on its own
        if (s.path.empty() && path)
            s.path = *path;
        return true;
    } else {
        if (s.path.empty())
            s.path = *path;
        const std::string base =
            dirfd == AT_FDCWD ? std::string("/proc/thread-self/cwd") : "/proc/thread-self/fd/" + std::to_string(dirfd);
        r = paths.resolve(*path, follow, base);
    }
    switch (r.kind) {
    case SandboxPath::Kind::Unresolvable: s.why = r.why; return false;
    case SandboxPath::Kind::NotAFile: out.clear(); return true;
    case SandboxPath::Kind::File: out = SyscallNotice::normalised("/", r.path); return true;
    }
    return false;
}

// The file an open call asks to write, where it really is.
bool readOpen(SyscallNotice &s, TraceeMemory &memory, SandboxPath &paths, const __u64 *args)
{
    const bool at = s.nr == __NR_openat || s.nr == __NR_openat2;
    std::uint64_t flags = O_WRONLY | O_CREAT | O_TRUNC; // creat
    if (s.nr == __NR_openat2) {
        // openat2(dirfd, path, how, size): the flags are how's first field.
        if (args[3] < sizeof(std::uint64_t)) {
            s.why = "an open_how of " + std::to_string(args[3]) + " bytes";
            return false;
        }
        // open_how is {flags, mode, resolve}; a shorter one has no resolve.
        const std::size_t size = args[3] >= sizeof(open_how) ? sizeof(open_how) : sizeof(std::uint64_t);
        auto how = memory.bytes(args[2], size);
        if (!how) {
            s.why = "the open_how is not readable";
            return false;
        }
        std::memcpy(&flags, how->data(), sizeof(flags));
        s.readOnly = (flags & supervised::kWriteFlags) == 0;
        std::uint64_t resolve = 0;
        if (size == sizeof(open_how))
            std::memcpy(&resolve, how->data() + offsetof(open_how, resolve), sizeof(resolve));
        // RESOLVE_IN_ROOT makes the directory descriptor "/": an absolute
        // name then means somewhere else than it says. Refused for writes.
        if (!s.readOnly && (resolve & RESOLVE_IN_ROOT)) {
            s.why = "an openat2 write with RESOLVE_IN_ROOT";
            return false;
        }
    } else if (const int arg = supervised::flagsArgument(s.nr); arg >= 0) {
        flags = args[arg];
    }
    // A last symlink is followed unless the open says not to, or must create.
    const bool follow = (flags & O_NOFOLLOW) == 0 && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
    if (!readPath(s, memory, paths, args, at ? 0 : -1, at ? 1 : 0, follow, false, s.file))
        return false;
    s.notAFile = s.file.empty() && !s.path.empty();
    return true;
}

// Every other call that changes the file system: the one or two places it changes.
bool readChange(SyscallNotice &s, TraceeMemory &memory, SandboxPath &paths, const __u64 *args)
{
    auto one = [&](int dirArg, int pathArg, bool follow, bool emptyIsDescriptor = false) {
        return readPath(s, memory, paths, args, dirArg, pathArg, follow, emptyIsDescriptor, s.file);
    };
    auto two = [&](int dir1, int path1, bool follow1, int dir2, int path2, bool emptyIsDescriptor = false) {
        std::string second;
        if (!readPath(s, memory, paths, args, dir1, path1, follow1, emptyIsDescriptor, s.file) ||
            !readPath(s, memory, paths, args, dir2, path2, false, false, second))
            return false;
        s.secondFile = std::move(second);
        return true;
    };
    auto descriptor = [&](int fdArg) {
        const SandboxPath::Resolved r = paths.descriptor(static_cast<int>(args[fdArg]));
        if (r.kind == SandboxPath::Kind::Unresolvable) {
            s.why = r.why;
            return false;
        }
        s.file = r.kind == SandboxPath::Kind::File ? SyscallNotice::normalised("/", r.path) : std::string();
        s.path = r.path;
        return true;
    };
    bool ok = false;
    switch (s.nr) {
#if defined(__NR_mkdir)
    case __NR_mkdir:
    case __NR_rmdir:
    case __NR_unlink:
    case __NR_mknod:
    case __NR_lchown: ok = one(-1, 0, false); break;
    case __NR_chmod:
    case __NR_chown:
    case __NR_utime:
    case __NR_utimes: ok = one(-1, 0, true); break;
    case __NR_futimesat: ok = one(0, 1, true); break;
    case __NR_rename:
    case __NR_link: ok = two(-1, 0, false, -1, 1); break;
    case __NR_symlink: ok = one(-1, 1, false); break;
#endif
    case __NR_lsetxattr:
    case __NR_lremovexattr: ok = one(-1, 0, false); break;
    case __NR_truncate:
    case __NR_setxattr:
    case __NR_removexattr: ok = one(-1, 0, true); break;
    case __NR_mkdirat:
    case __NR_mknodat:
    case __NR_unlinkat: ok = one(0, 1, false); break;
    case __NR_fchmodat: ok = one(0, 1, true); break;
    case __NR_fchownat: ok = one(0, 1, (args[4] & AT_SYMLINK_NOFOLLOW) == 0, (args[4] & AT_EMPTY_PATH) != 0); break;
    case __NR_utimensat: ok = one(0, 1, (args[3] & AT_SYMLINK_NOFOLLOW) == 0, true); break;
    case __NR_renameat:
    case __NR_renameat2: ok = two(0, 1, false, 2, 3); break;
    case __NR_linkat: ok = two(0, 1, (args[4] & AT_SYMLINK_FOLLOW) != 0, 2, 3, (args[4] & AT_EMPTY_PATH) != 0); break;
    case __NR_symlinkat: ok = one(1, 2, false); break;
    case __NR_fchmod:
    case __NR_fchown:
    case __NR_fsetxattr:
    case __NR_fremovexattr: ok = descriptor(0); break;
    case __NR_bind: {
        // Only a unix socket's bind to a path makes something on disk.
        ok = readAddress(s, memory, args[1], args[2]);
        if (!ok || s.family != AF_UNIX || s.host.empty())
            break;
        const std::string name = s.host;
        s.host.clear();
        s.family = -1;
        const SandboxPath::Resolved r = paths.resolve(name, false, "/proc/thread-self/cwd");
        s.path = name;
        if (r.kind == SandboxPath::Kind::File)
            s.file = SyscallNotice::normalised("/", r.path);
        else {
            s.why = r.why.empty() ? "a socket's path that is no file" : r.why;
            ok = false;
        }
        break;
    }
    default: s.why = "an unknown file system call"; break;
    }
    if (ok && s.nr != __NR_bind)
        s.notAFile = s.file.empty() && s.secondFile.empty();
    return ok;
}

// The program an exec will run: resolved where the kernel will find it. The
// name judged is the one the agent gave when it leads to that same file
// (declarations name /usr/bin/python3, not python3.11), or else the file's
// own path: a descriptor (execveat, /proc/self/fd/N, /dev/fd/N) is judged by
// what it is, never by argv[0]; an anonymous or deleted one is refused.
bool readProgram(SyscallNotice &s, TraceeMemory &memory, SandboxPath &paths, const __u64 *args)
{
    const bool at = s.nr == __NR_execveat;
    const int dirfd = at ? static_cast<int>(args[0]) : AT_FDCWD;
    const bool emptyPath = at && (args[4] & AT_EMPTY_PATH) != 0;
    SandboxPath::Resolved runs;
    if (s.path.empty() && emptyPath) {
        // Named by its descriptor, never by argv[0], whatever becomes of it.
        s.path = "/proc/self/fd/" + std::to_string(dirfd);
        runs = paths.descriptor(dirfd);
    } else if (s.path.empty()) {
        return true; // ENOENT on its own
    } else {
        const std::string base =
            dirfd == AT_FDCWD ? std::string("/proc/thread-self/cwd") : "/proc/thread-self/fd/" + std::to_string(dirfd);
        runs = paths.resolve(s.path, true, base);
    }
    if (runs.kind == SandboxPath::Kind::Unresolvable) {
        s.why = runs.why;
        return false;
    }
    if (runs.kind == SandboxPath::Kind::NotAFile) {
        s.why = "a program that is no file (" + runs.path + ")";
        return false;
    }
    if (!runs.exists) {
        // Nothing there: the letter, for the PATH search's bookkeeping.
        if (s.path.front() != '/' && dirfd == AT_FDCWD)
            if (auto cwd = memory.link("cwd"))
                s.path = SyscallNotice::normalised(*cwd, s.path);
        return true;
    }
    if (runs.links == 0) {
        s.why = "a deleted or anonymous program";
        return false;
    }
    s.programFound = true;
    const std::string physical = SyscallNotice::normalised("/", runs.path);
    // A relative name is read from the working directory (a program run
    // from /usr/bin as "python3" is /usr/bin/python3, not python3.11).
    std::string given = s.path;
    if (given.front() != '/' && dirfd == AT_FDCWD)
        if (auto cwd = memory.link("cwd"))
            given = SyscallNotice::normalised(*cwd, given);
    const bool aliased =
        given.rfind("/proc/", 0) == 0 || given.rfind("/dev/fd/", 0) == 0 || given.rfind("/dev/std", 0) == 0;
    if (!aliased && given.front() == '/') {
        const std::string letter = SyscallNotice::normalised("/", given);
        if (letter == s.path)
            return true; // the name given, walked as given
        const SandboxPath::Resolved named = paths.resolve(letter, true);
        if (named.kind == SandboxPath::Kind::File && named.exists && named.device == runs.device &&
            named.inode == runs.inode) {
            s.path = letter;
            return true;
        }
    }
    s.path = physical;
    return true;
}

} // namespace

std::string SyscallNotice::normalised(const std::string &base, const std::string &path)
{
    std::vector<std::string> parts;
    auto add = [&parts](const std::string &text) {
        std::size_t at = 0;
        while (at <= text.size()) {
            const std::size_t end = std::min(text.find('/', at), text.size());
            const std::string part = text.substr(at, end - at);
            if (part == "..") {
                if (!parts.empty())
                    parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            at = end + 1;
        }
    };
    if (path.empty() || path.front() != '/')
        add(base);
    add(path);
    std::string out;
    for (const auto &part : parts)
        out += "/" + part;
    return out.empty() ? "/" : out;
}

SyscallNotice SyscallNotice::decode(const seccomp_notif &n, TraceeMemory &memory,
                                    const std::function<bool()> &stillValid)
{
    SyscallNotice s;
    s.id = n.id;
    s.pid = static_cast<int>(n.pid);
    s.nr = n.data.nr;
    const supervised::Call *call = supervised::find(n.data.nr);
    s.call = call ? std::string(call->name) : "syscall " + std::to_string(n.data.nr);
    s.kind = call ? call->kind : CallClass::None;
    const auto *args = n.data.args;
    bool ok = memory.isOpen();
    if (!ok)
        s.why = "the process's memory cannot be opened";
    switch (ok ? s.kind : CallClass::None) {
    case CallClass::Exec: {
        // execve(path, argv, envp); execveat(dirfd, path, argv, envp, flags)
        const bool at = s.nr == __NR_execveat;
        auto path = memory.string(args[at ? 1 : 0]);
        auto argv = path ? memory.strings(args[at ? 2 : 1], s.argvTruncated) : std::nullopt;
        if (!path || !argv) {
            ok = false;
            // Recorded by its program, when that much was readable.
            if (path)
                s.path = *path;
            s.why = path ? "its arguments are not readable" : "the program's name is not readable";
            break;
        }
        s.path = *path;
        s.argv = std::move(*argv);
        SandboxPath paths(s.pid, stillValid);
        ok = readProgram(s, memory, paths, args);
        break;
    }
    case CallClass::Connect: ok = readAddress(s, memory, args[1], args[2]); break;
    case CallClass::Send:
        if (s.nr == __NR_sendto) {
            ok = readAddress(s, memory, args[4], args[5]);
            if (ok && s.port == 53)
                if (auto payload = memory.bytes(args[1], std::min<std::uint64_t>(args[2], 512)))
                    s.dnsName = DnsQuestion::nameIn(*payload);
        } else if (s.nr == __NR_sendmmsg) {
            ok = readMessages(s, memory, args[1], args[2]);
        } else {
            ok = readMessage(s, memory, args[1]);
        }
        break;
    case CallClass::Write: {
        SandboxPath paths(s.pid, stillValid);
        ok = readOpen(s, memory, paths, args);
        break;
    }
    case CallClass::Change: {
        SandboxPath paths(s.pid, stillValid);
        ok = readChange(s, memory, paths, args);
        break;
    }
    case CallClass::Privileged:
    case CallClass::None: break;
    }
    s.unreadable = !ok;
    return s;
}

bool SyscallNotice::isScratch(const std::string &file)
{
    if (file.empty())
        return true;
    for (std::string_view scratch : {"/tmp", "/dev/shm"})
        if (PathScope::isWithin(file, scratch))
            return true;
    for (std::string_view device : {"/dev/null", "/dev/tty", "/dev/zero", "/dev/full"})
        if (file == device)
            return true;
    // A terminal below it, not the directory itself.
    return file != "/dev/pts" && PathScope::isWithin(file, "/dev/pts");
}

bool SyscallNotice::staysInside() const
{
    if (unreadable)
        return false;
    if (kind == CallClass::Write || kind == CallClass::Change) {
        if (readOnly || notAFile)
            return true;
        if (kind == CallClass::Write && file.empty())
            return true; // an empty name: ENOENT on its own
        return isScratch(file) && (secondFile.empty() || isScratch(secondFile));
    }
    if (kind != CallClass::Connect && kind != CallClass::Send)
        return false;
    if (family == -1 || family == AF_UNIX || family == AF_NETLINK)
        return true;
    if (port == 53)
        return false; // a DNS question is seen even when it goes to the loopback
    if (family == AF_INET)
        return host.rfind("127.", 0) == 0;
    if (family == AF_INET6)
        return host == "::1";
    return false;
}

namespace {

const char *changeOp(long nr)
{
    switch (nr) {
#if defined(__NR_rmdir)
    case __NR_rmdir:
    case __NR_unlink:
#endif
    case __NR_unlinkat: return "delete";
#if defined(__NR_mkdir)
    case __NR_mkdir:
    case __NR_mknod:
    case __NR_symlink:
    case __NR_link:
#endif
    case __NR_mkdirat:
    case __NR_mknodat:
    case __NR_symlinkat:
    case __NR_linkat:
    case __NR_bind: return "create";
    default: return "write";
    }
}

} // namespace

std::string SyscallNotice::alsoChanges() const
{
    return kind == CallClass::Change && !isScratch(file) && !isScratch(secondFile) && secondFile != file
               ? secondFile
               : std::string();
}

Action SyscallNotice::toAction() const
{
    Action a;
    a.source = "syscall";
    switch (kind) {
    case CallClass::Exec:
        a.kind = ActionKind::Process;
        // The program as the kernel was asked to run it, then its arguments;
        // one that is not there by the name the agent gave (a PATH search).
        a.argv = argv;
        if (a.argv.empty())
            a.argv.push_back(path);
        else if (!missing && !path.empty())
            a.argv.front() = path;
        if (a.argv.front().empty())
            a.argv.front() = "(empty)";
        if (argvTruncated)
            a.argv.emplace_back("…");
        break;
    case CallClass::Connect:
    case CallClass::Send:
        a.kind = ActionKind::Egress;
        a.host = !dnsName.empty() ? dnsName : host.empty() ? "family " + std::to_string(family) : host;
        a.port = port > 0 && port <= 65535 ? port : 0;
        // Port 53 is a name server: a DNS question, with its name when the
        // payload came with the call (a connect names only the server).
        a.method = !dnsName.empty() || port == 53 ? "DNS" : kind == CallClass::Connect ? "connect" : call;
        break;
    case CallClass::Write:
        a.kind = ActionKind::File;
        a.op = "write";
        a.path = file.empty() ? path : file;
        break;
    case CallClass::Change:
        // The place outside the scratch (the first, when both are), and what
        // the call does there: each is judged as a write.
        a.kind = ActionKind::File;
        a.op = changeOp(nr);
        a.path = !isScratch(file) ? file : !isScratch(secondFile) ? secondFile : file.empty() ? path : file;
        break;
    case CallClass::Privileged:
    case CallClass::None:
        a.kind = ActionKind::Syscall;
        a.call = call;
        break;
    }
    return a;
}

} // namespace warden
