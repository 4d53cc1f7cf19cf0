#pragma once

// Which system calls the sandbox's init hands to the warden's supervisor,
// shared by the init (a static program without Qt) and the warden. Plain
// C++ only: nothing here may pull in a library.

#include <sys/syscall.h>

#include <array>
#include <cstddef>
#include <string_view>

namespace warden::supervised {

enum class CallClass { Exec, Connect, Send, Privileged, None };

struct Call {
    long nr;
    std::string_view name;
    CallClass kind;
};

// execve and friends, outbound addresses, and the privileged calls an agent
// has no business making (each fails with EPERM, and is now seen doing so).
// sendto is only handed over when it names an address (the filter checks);
// a send on a connected socket needs no judging.
inline constexpr std::array kCalls = {
    Call{__NR_execve, "execve", CallClass::Exec},
    Call{__NR_execveat, "execveat", CallClass::Exec},
    Call{__NR_connect, "connect", CallClass::Connect},
    Call{__NR_sendto, "sendto", CallClass::Send},
    Call{__NR_sendmsg, "sendmsg", CallClass::Send},
    Call{__NR_sendmmsg, "sendmmsg", CallClass::Send},
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

// The TCP port the init bridges to the warden's egress proxy.
inline constexpr int kProxyBridgePort = 3128;

} // namespace warden::supervised
