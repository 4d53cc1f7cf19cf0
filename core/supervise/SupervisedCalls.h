#pragma once

// Which system calls the sandbox's init hands to the warden's supervisor,
// shared by the init (a static program without Qt) and the warden. Plain
// C++ only: nothing here may pull in a library.

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <array>
#include <cstddef>
#include <string_view>

namespace warden::supervised {

enum class CallClass { Exec, Connect, Send, Write, Change, Privileged, None };

struct Call {
    long nr;
    std::string_view name;
    CallClass kind;
};

// execve and friends, outbound addresses, and the privileged calls an agent
// has no business making (each fails with EPERM, and is now seen doing so).
// sendto is only handed over when it names an address (the filter checks);
// a send on a connected socket needs no judging. An open is only handed over
// when it asks to write (the filter reads the flags): the loader, imports and
// every other read run at full speed.
inline constexpr std::array kCalls = {
    Call{__NR_execve, "execve", CallClass::Exec},
    Call{__NR_execveat, "execveat", CallClass::Exec},
    Call{__NR_connect, "connect", CallClass::Connect},
    Call{__NR_sendto, "sendto", CallClass::Send},
    Call{__NR_sendmsg, "sendmsg", CallClass::Send},
    Call{__NR_sendmmsg, "sendmmsg", CallClass::Send},
    Call{__NR_openat, "openat", CallClass::Write},
#if defined(__NR_open)
    Call{__NR_open, "open", CallClass::Write},
#endif
#if defined(__NR_creat)
    Call{__NR_creat, "creat", CallClass::Write},
#endif
    Call{__NR_openat2, "openat2", CallClass::Write},
// Every other call that changes the file system: judged like a write of
// each path it changes (a rename, both), wherever it leads.
#define WARDEN_CHANGE(name) Call{__NR_##name, #name, CallClass::Change},
#if defined(__NR_mkdir)
    WARDEN_CHANGE(mkdir) WARDEN_CHANGE(rmdir) WARDEN_CHANGE(unlink) WARDEN_CHANGE(mknod) WARDEN_CHANGE(rename)
        WARDEN_CHANGE(link) WARDEN_CHANGE(symlink) WARDEN_CHANGE(chmod) WARDEN_CHANGE(chown) WARDEN_CHANGE(lchown)
            WARDEN_CHANGE(utime) WARDEN_CHANGE(utimes) WARDEN_CHANGE(futimesat)
#endif
                WARDEN_CHANGE(mkdirat) WARDEN_CHANGE(mknodat) WARDEN_CHANGE(unlinkat) WARDEN_CHANGE(renameat)
                    WARDEN_CHANGE(renameat2) WARDEN_CHANGE(linkat) WARDEN_CHANGE(symlinkat) WARDEN_CHANGE(truncate)
                        WARDEN_CHANGE(fchmodat) WARDEN_CHANGE(fchownat) WARDEN_CHANGE(fchmod) WARDEN_CHANGE(fchown)
                            WARDEN_CHANGE(utimensat) WARDEN_CHANGE(setxattr) WARDEN_CHANGE(lsetxattr)
                                WARDEN_CHANGE(fsetxattr) WARDEN_CHANGE(removexattr) WARDEN_CHANGE(lremovexattr)
                                    WARDEN_CHANGE(fremovexattr)
    // A unix socket's bind makes a file.
    WARDEN_CHANGE(bind)
#undef WARDEN_CHANGE
        Call{__NR_unshare, "unshare", CallClass::Privileged},
    Call{__NR_setns, "setns", CallClass::Privileged},
    Call{__NR_mount, "mount", CallClass::Privileged},
    Call{__NR_umount2, "umount2", CallClass::Privileged},
    Call{__NR_pivot_root, "pivot_root", CallClass::Privileged},
    Call{__NR_chroot, "chroot", CallClass::Privileged},
    Call{__NR_ptrace, "ptrace", CallClass::Privileged},
    Call{__NR_process_vm_readv, "process_vm_readv", CallClass::Privileged},
    Call{__NR_process_vm_writev, "process_vm_writev", CallClass::Privileged},
    Call{__NR_bpf, "bpf", CallClass::Privileged},
    Call{__NR_perf_event_open, "perf_event_open", CallClass::Privileged},
    Call{__NR_keyctl, "keyctl", CallClass::Privileged},
    Call{__NR_add_key, "add_key", CallClass::Privileged},
    Call{__NR_request_key, "request_key", CallClass::Privileged},
    Call{__NR_init_module, "init_module", CallClass::Privileged},
    Call{__NR_finit_module, "finit_module", CallClass::Privileged},
    Call{__NR_delete_module, "delete_module", CallClass::Privileged},
    Call{__NR_kexec_load, "kexec_load", CallClass::Privileged},
    Call{__NR_kexec_file_load, "kexec_file_load", CallClass::Privileged},
    Call{__NR_open_tree, "open_tree", CallClass::Privileged},
    Call{__NR_move_mount, "move_mount", CallClass::Privileged},
    Call{__NR_fsopen, "fsopen", CallClass::Privileged},
    Call{__NR_fsmount, "fsmount", CallClass::Privileged},
    Call{__NR_fspick, "fspick", CallClass::Privileged},
    Call{__NR_open_by_handle_at, "open_by_handle_at", CallClass::Privileged},
    Call{__NR_reboot, "reboot", CallClass::Privileged},
    Call{__NR_swapon, "swapon", CallClass::Privileged},
    Call{__NR_swapoff, "swapoff", CallClass::Privileged},
};

// The highest system call number this supervisor knows (Linux 6.1's
// table, the same on x86_64 and arm64). A newer kernel's calls
// (fchmodat2, setxattrat, removexattrat, file_setattr, …) could change
// files in ways nothing here judges: they answer ENOSYS, as on an older
// kernel, and libc falls back to the calls that are supervised.
inline constexpr long kHighestKnownCall = 450;
#if defined(__NR_set_mempolicy_home_node)
static_assert(__NR_set_mempolicy_home_node == kHighestKnownCall);
#endif

constexpr const Call *find(long nr)
{
    for (const Call &c : kCalls)
        if (c.nr == nr)
            return &c;
    return nullptr;
}

// Whether the sandbox's outer deny-list leaves `nr` to the supervisor (a
// privileged call the outer list refused would never reach it: EPERM from a
// filter outranks a notification).
constexpr bool handsOver(long nr)
{
    const Call *c = find(nr);
    return c && c->kind == CallClass::Privileged;
}

// The open flags that make an open a write.
inline constexpr unsigned kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;

// Which argument of an open call holds its flags, or -1 when the filter
// cannot see them (creat always writes; openat2's flags sit in memory).
constexpr int flagsArgument(long nr)
{
    if (nr == __NR_openat)
        return 2;
#if defined(__NR_open)
    if (nr == __NR_open)
        return 1;
#endif
    return -1;
}

// The socket families a sandboxed process may open (the outer filter refuses
// the rest with EAFNOSUPPORT): vsock, packet, bluetooth and the like are not
// confined by a network namespace, or reach kernel code no agent needs.
inline constexpr std::array kSocketFamilies = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
// The container profile refuses everything from AF_PACKET on in one rule.
static_assert(AF_UNIX < AF_PACKET && AF_INET < AF_PACKET && AF_INET6 < AF_PACKET && AF_NETLINK < AF_PACKET);

} // namespace warden::supervised
