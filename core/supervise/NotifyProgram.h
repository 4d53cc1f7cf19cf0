#pragma once

// The seccomp program the sandbox's init installs before it runs the agent:
// every call in SupervisedCalls goes to the warden as a user notification
// (SECCOMP_RET_USER_NOTIF), everything else is allowed here (the outer
// deny-list still applies). Header-only and Qt-free, for the static init.

#include "core/supervise/SupervisedCalls.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace warden::supervised {

#if defined(__x86_64__)
inline constexpr std::uint32_t kAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
inline constexpr std::uint32_t kAuditArch = AUDIT_ARCH_AARCH64;
#else
#error "NotifyProgram: add this architecture's AUDIT_ARCH value"
#endif

inline sock_filter bpfStatement(std::uint16_t code, std::uint32_t k)
{
    return sock_filter{code, 0, 0, k};
}

inline sock_filter bpfJump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf)
{
    return sock_filter{code, jt, jf, k};
}

// Every Warden seccomp program starts so: a foreign architecture (or, on
// x86_64, an x32 call aliasing the 64-bit table) could reach other syscall
// numbers, and is killed; then the syscall number is loaded.
inline void appendArchitectureCheck(std::vector<sock_filter> &p)
{
    p.push_back(bpfStatement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 1, 0));
    p.push_back(bpfStatement(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    p.push_back(bpfStatement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
#if defined(__x86_64__)
    p.push_back(bpfJump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    p.push_back(bpfStatement(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#endif
}

inline std::vector<sock_filter> notifyProgram()
{
    const auto stmt = bpfStatement;
    const auto jump = bpfJump;
    const auto argWord = [](int arg, bool high) {
        // The low word of a 64-bit argument comes first on little-endian.
        return static_cast<std::uint32_t>(offsetof(seccomp_data, args) + static_cast<std::size_t>(arg) * 8 +
                                          (high ? 4 : 0));
    };
    std::vector<sock_filter> p;
    appendArchitectureCheck(p);
    // Calls newer than this supervisor: ENOSYS (see kHighestKnownCall).
    p.push_back(jump(BPF_JMP | BPF_JGT | BPF_K, static_cast<std::uint32_t>(kHighestKnownCall), 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(ENOSYS) & SECCOMP_RET_DATA)));
    for (const Call &c : kCalls) {
        if (c.nr == __NR_openat2) {
            // openat2's flags sit in the agent's memory, where another
            // thread could change them after the warden read them (a write
            // let through as a read, unrecorded). ENOSYS, as on a kernel
            // before 5.6: libc and runtimes fall back to openat, whose flags
            // this filter reads from a register.
            p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(c.nr), 0, 1));
            p.push_back(
                stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(ENOSYS) & SECCOMP_RET_DATA)));
            continue;
        }
        if (c.nr == __NR_sendto) {
            // sendto(fd, buf, len, flags, addr, addrlen): without an address
            // it is a send on a connected socket, allowed here.
            p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(c.nr), 0, 6));
            p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, argWord(4, false)));
            p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
            p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, argWord(4, true)));
            p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1));
            p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
            p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
            continue;
        }
        if (const int flags = flagsArgument(c.nr); flags >= 0) {
            // An open without a write flag is a read: allowed here. Flags are
            // an int; the high word does not count.
            p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(c.nr), 0, 4));
            p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, argWord(flags, false)));
            p.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, kWriteFlags, 0, 1));
            p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
            p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
            continue;
        }
        p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(c.nr), 0, 1));
        p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
    }
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    return p;
}

} // namespace warden::supervised
