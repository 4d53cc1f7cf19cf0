#include "core/supervise/SyscallNotice.h"

#include "core/policy/PathScope.h"
#include "core/supervise/TraceeMemory.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>

namespace warden {

namespace {

using supervised::CallClass;

std::uint16_t be16(const std::uint8_t *p)
{
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

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
    } else if (ss.ss_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
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

// A msghdr's name (sendmsg), or the first mmsghdr's (sendmmsg).
bool readMessageAddress(SyscallNotice &s, TraceeMemory &memory, std::uint64_t header)
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
                s.dnsName = SyscallNotice::dnsQuestion(*payload);
        }
    }
    return true;
}

// The file an open call asks to write: its path, made absolute.
bool readWrite(SyscallNotice &s, TraceeMemory &memory, const __u64 *args)
{
    const bool at = s.nr == __NR_openat || s.nr == __NR_openat2;
    if (s.nr == __NR_openat2) {
        // openat2(dirfd, path, how, size): the flags are how's first field.
        if (args[3] < sizeof(std::uint64_t)) {
            s.why = "an open_how of " + std::to_string(args[3]) + " bytes";
            return false;
        }
        auto how = memory.bytes(args[2], sizeof(std::uint64_t));
        if (!how) {
            s.why = "the open_how is not readable";
            return false;
        }
        std::uint64_t flags = 0;
        std::memcpy(&flags, how->data(), sizeof(flags));
        s.readOnly = (flags & supervised::kWriteFlags) == 0;
    }
    auto path = memory.string(args[at ? 1 : 0]);
    if (!path) {
        s.why = "the file name is not readable";
        return false;
    }
    s.path = *path;
    if (s.path.empty()) {
        s.file = s.path; // fails with ENOENT on its own
        return true;
    }
    std::string base;
    if (s.path.front() != '/') {
        const int dirfd = static_cast<int>(args[0]);
        auto dir = memory.link(!at || dirfd == AT_FDCWD ? std::string("cwd") : "fd/" + std::to_string(dirfd));
        if (!dir) {
            s.why = "the directory the file name is relative to is not readable";
            return false;
        }
        base = *dir;
    }
    s.file = SyscallNotice::normalised(base, s.path);
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

std::string SyscallNotice::dnsQuestion(const std::vector<std::uint8_t> &payload)
{
    if (payload.size() < 12 || (payload[2] & 0x80) || be16(&payload[4]) == 0)
        return {}; // too short, a response, or no question
    std::string name;
    std::size_t at = 12;
    while (at < payload.size()) {
        const std::uint8_t len = payload[at++];
        if (len == 0)
            return name.empty() ? "." : name;
        if (len > 63 || at + len > payload.size() || name.size() + len + 1 > 253)
            return {}; // a compression pointer has no place in a query; over-long is no name
        if (!name.empty())
            name += '.';
        for (std::size_t i = 0; i < len; ++i) {
            const char c = static_cast<char>(payload[at + i]);
            const bool ok =
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok)
                return {};
            name += c;
        }
        at += len;
    }
    return {};
}

SyscallNotice SyscallNotice::decode(const seccomp_notif &n, TraceeMemory &memory)
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
            s.why = "the program or its arguments are not readable";
            break;
        }
        s.path = *path;
        s.argv = std::move(*argv);
        break;
    }
    case CallClass::Connect: ok = readAddress(s, memory, args[1], args[2]); break;
    case CallClass::Send:
        if (s.nr == __NR_sendto) {
            ok = readAddress(s, memory, args[4], args[5]);
            if (ok && s.port == 53)
                if (auto payload = memory.bytes(args[1], std::min<std::uint64_t>(args[2], 512)))
                    s.dnsName = SyscallNotice::dnsQuestion(*payload);
        } else {
            // sendmmsg's first entry starts with its msghdr.
            ok = readMessageAddress(s, memory, args[1]);
        }
        break;
    case CallClass::Write: ok = readWrite(s, memory, args); break;
    case CallClass::Privileged:
    case CallClass::None: break;
    }
    s.unreadable = !ok;
    return s;
}

bool SyscallNotice::staysInside() const
{
    if (unreadable)
        return false;
    if (kind == CallClass::Write) {
        if (readOnly || file.empty())
            return true;
        for (std::string_view scratch : {"/tmp", "/dev/shm"})
            if (PathScope::isWithin(file, scratch))
                return true;
        for (std::string_view device :
             {"/dev/null", "/dev/tty", "/dev/zero", "/dev/full", "/dev/stdout", "/dev/stderr"})
            if (file == device)
                return true;
        // Below these (a terminal, a descriptor), not the directories themselves.
        for (std::string_view below : {"/dev/pts", "/dev/fd", "/proc/self/fd"})
            if (file != below && PathScope::isWithin(file, below))
                return true;
        return false;
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
    case CallClass::Privileged:
    case CallClass::None:
        a.kind = ActionKind::Syscall;
        a.call = call;
        break;
    }
    return a;
}

} // namespace warden
