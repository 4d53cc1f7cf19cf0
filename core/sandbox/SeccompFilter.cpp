#include "core/sandbox/SeccompFilter.h"

#include "core/supervise/NotifyProgram.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>
#include <vector>

namespace warden::SeccompFilter {

namespace {

// Every syscall refused with EPERM; #ifdef keeps it building on
// architectures that lack some of them.
const std::vector<long> &denied()
{
    static const std::vector<long> list = {
#ifdef __NR_acct
        __NR_acct,
#endif
        __NR_add_key,
        __NR_keyctl,
        __NR_request_key,
        __NR_bpf,
        __NR_perf_event_open,
        __NR_ptrace,
        __NR_process_vm_readv,
        __NR_process_vm_writev,
        __NR_clock_adjtime,
        __NR_clock_settime,
        __NR_settimeofday,
        __NR_init_module,
        __NR_finit_module,
        __NR_delete_module,
        __NR_kexec_load,
#ifdef __NR_kexec_file_load
        __NR_kexec_file_load,
#endif
#ifdef __NR_create_module
        __NR_create_module,
        __NR_get_kernel_syms,
        __NR_query_module,
#endif
        __NR_mount,
        __NR_umount2,
        __NR_pivot_root,
        __NR_unshare,
        __NR_setns,
#ifdef __NR_open_tree
        __NR_open_tree,
        __NR_move_mount,
        __NR_fsopen,
        __NR_fsconfig,
        __NR_fsmount,
        __NR_fspick,
#endif
#ifdef __NR_mount_setattr
        __NR_mount_setattr,
#endif
        __NR_name_to_handle_at,
        __NR_open_by_handle_at,
        __NR_lookup_dcookie,
        __NR_quotactl,
        __NR_reboot,
        __NR_swapon,
        __NR_swapoff,
        __NR_syslog,
        __NR_vhangup,
        __NR_userfaultfd,
#ifdef __NR_sysfs
        __NR_sysfs,
#endif
#ifdef __NR__sysctl
        __NR__sysctl,
#endif
#ifdef __NR_uselib
        __NR_uselib,
#endif
#ifdef __NR_ustat
        __NR_ustat,
#endif
#ifdef __NR_nfsservctl
        __NR_nfsservctl,
#endif
#ifdef __NR_iopl
        __NR_iopl,
        __NR_ioperm,
#endif
#ifdef __NR_io_uring_setup
        __NR_io_uring_setup,
        __NR_io_uring_enter,
        __NR_io_uring_register,
#endif
    };
    return list;
}

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
    for (long nr : denied()) {
        if (underSupervision && supervised::handsOver(nr))
            continue;
        p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1));
        p.push_back(returnErrno(EPERM));
    }
#ifdef __NR_clone3
    p.push_back(bpfJump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(__NR_clone3), 0, 1));
    p.push_back(returnErrno(ENOSYS));
#endif
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

} // namespace warden::SeccompFilter
