#include "core/sandbox/SeccompFilter.h"

#include "core/supervise/NotifyProgram.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <vector>

namespace warden::SeccompFilter {

namespace {

// Every syscall refused with EPERM; #ifdef keeps it building on
// architectures that lack some of them.
struct Denied {
    long nr;
    const char *name;
};

#define CALL(name)                                                                                                     \
    Denied                                                                                                             \
    {                                                                                                                  \
        __NR_##name, #name                                                                                             \
    }

const std::vector<Denied> &denied()
{
    static const std::vector<Denied> list = {
#ifdef __NR_acct
        CALL(acct),
#endif
        CALL(add_key),
        CALL(keyctl),
        CALL(request_key),
        CALL(bpf),
        CALL(perf_event_open),
        CALL(ptrace),
        CALL(process_vm_readv),
        CALL(process_vm_writev),
        CALL(clock_adjtime),
        CALL(clock_settime),
        CALL(settimeofday),
        CALL(init_module),
        CALL(finit_module),
        CALL(delete_module),
        CALL(kexec_load),
#ifdef __NR_kexec_file_load
        CALL(kexec_file_load),
#endif
#ifdef __NR_create_module
        CALL(create_module),
        CALL(get_kernel_syms),
        CALL(query_module),
#endif
        CALL(mount),
        CALL(umount2),
        CALL(pivot_root),
        CALL(unshare),
        CALL(setns),
#ifdef __NR_open_tree
        CALL(open_tree),
        CALL(move_mount),
        CALL(fsopen),
        CALL(fsconfig),
        CALL(fsmount),
        CALL(fspick),
#endif
#ifdef __NR_mount_setattr
        CALL(mount_setattr),
#endif
        CALL(name_to_handle_at),
        CALL(open_by_handle_at),
        CALL(lookup_dcookie),
        CALL(quotactl),
#ifdef __NR_quotactl_fd
        CALL(quotactl_fd),
#endif
        CALL(reboot),
        CALL(swapon),
        CALL(swapoff),
        CALL(syslog),
        CALL(vhangup),
        CALL(userfaultfd),
#ifdef __NR_sysfs
        CALL(sysfs),
#endif
#ifdef __NR__sysctl
        CALL(_sysctl),
#endif
#ifdef __NR_uselib
        CALL(uselib),
#endif
#ifdef __NR_ustat
        CALL(ustat),
#endif
#ifdef __NR_nfsservctl
        CALL(nfsservctl),
#endif
#ifdef __NR_iopl
        CALL(iopl),
        CALL(ioperm),
#endif
#ifdef __NR_io_uring_setup
        CALL(io_uring_setup),
        CALL(io_uring_enter),
        CALL(io_uring_register),
#endif
    };
    return list;
}

#undef CALL

constexpr std::uint32_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                          CLONE_NEWNET | CLONE_NEWCGROUP
#ifdef CLONE_NEWTIME
                                          | CLONE_NEWTIME
#endif
    ;

using supervised::bpfJump;
using supervised::bpfStatement;

std::vector<sock_filter> program(bool underSupervision)
{
    std::vector<sock_filter> p;
    const auto returnErrno = [](int e) {
        return bpfStatement(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(e) & SECCOMP_RET_DATA));
    };
    supervised::appendArchitectureCheck(p);
    for (const Denied &d : denied()) {
        if (underSupervision && supervised::handsOver(d.nr))
            continue;
        p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(d.nr), 0, 1));
        p.push_back(returnErrno(EPERM));
    }
#ifdef __NR_clone3
    p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(__NR_clone3), 0, 1));
    p.push_back(returnErrno(ENOSYS));
#endif
    // socket(domain, ...) and socketpair: the families in kSocketFamilies
    // only (the domain is an int: the low word of the first argument).
    for (const long nr : {static_cast<long>(__NR_socket), static_cast<long>(__NR_socketpair)}) {
        const auto families = static_cast<std::uint8_t>(supervised::kSocketFamilies.size());
        p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, families + 3));
        p.push_back(bpfStatement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])));
        for (std::uint8_t i = 0; i < families; ++i)
            p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(supervised::kSocketFamilies[i]),
                                static_cast<std::uint8_t>(families - i), 0));
        p.push_back(returnErrno(EAFNOSUPPORT));
        p.push_back(bpfStatement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
    // clone(flags, ...): flags are the first argument on x86_64 and arm64.
    p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(__NR_clone), 0, 3));
    p.push_back(bpfStatement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])));
    p.push_back(bpfJump(BPF_JMP | BPF_JSET | BPF_K, kNamespaceFlags, 0, 1));
    p.push_back(returnErrno(EPERM));
    p.push_back(bpfStatement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    return p;
}

} // namespace

QByteArray denyList(bool supervised)
{
    const std::vector<sock_filter> p = program(supervised);
    return QByteArray(reinterpret_cast<const char *>(p.data()), static_cast<qsizetype>(p.size() * sizeof(sock_filter)));
}

int instructionCount(bool supervised)
{
    return static_cast<int>(program(supervised).size());
}

nlohmann::json dockerProfile(bool supervised)
{
    // The same policy in the engine's profile format (libseccomp rules):
    // allow by default, EPERM for the list, ENOSYS for clone3, EPERM for a
    // clone with any namespace flag (one rule per flag: rules on one call
    // are alternatives).
    nlohmann::json names = nlohmann::json::array();
    for (const Denied &d : denied())
        if (!supervised || !supervised::handsOver(d.nr))
            names.push_back(d.name);
    nlohmann::json rules = nlohmann::json::array();
    rules.push_back({{"names", names}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", EPERM}});
#ifdef __NR_clone3
    rules.push_back({{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", ENOSYS}});
#endif
    for (std::uint32_t bit = 1; bit != 0; bit <<= 1)
        if (kNamespaceFlags & bit)
            rules.push_back(
                {{"names", {"clone"}},
                 {"action", "SCMP_ACT_ERRNO"},
                 {"errnoRet", EPERM},
                 {"args", {{{"index", 0}, {"value", bit}, {"valueTwo", bit}, {"op", "SCMP_CMP_MASKED_EQ"}}}}});
    // Every family but kSocketFamilies: each one below AF_MAX's usual
    // range by name, and everything from AF_PACKET (17) on at once.
    for (const char *call : {"socket", "socketpair"}) {
        for (std::uint32_t family = 0; family < AF_PACKET; ++family)
            if (std::find(supervised::kSocketFamilies.begin(), supervised::kSocketFamilies.end(),
                          static_cast<int>(family)) == supervised::kSocketFamilies.end())
                rules.push_back({{"names", {call}},
                                 {"action", "SCMP_ACT_ERRNO"},
                                 {"errnoRet", EAFNOSUPPORT},
                                 {"args", {{{"index", 0}, {"value", family}, {"op", "SCMP_CMP_EQ"}}}}});
        rules.push_back({{"names", {call}},
                         {"action", "SCMP_ACT_ERRNO"},
                         {"errnoRet", EAFNOSUPPORT},
                         {"args", {{{"index", 0}, {"value", AF_PACKET}, {"op", "SCMP_CMP_GE"}}}}});
    }
#if defined(__x86_64__)
    const nlohmann::json architectures = {"SCMP_ARCH_X86_64"};
#elif defined(__aarch64__)
    const nlohmann::json architectures = {"SCMP_ARCH_AARCH64"};
#endif
    return {{"defaultAction", "SCMP_ACT_ALLOW"}, {"architectures", architectures}, {"syscalls", rules}};
}

} // namespace warden::SeccompFilter
