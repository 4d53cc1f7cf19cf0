#pragma once

#include <QByteArray>

namespace warden::SeccompFilter {

// A classic-BPF seccomp program for sandboxed processes, in the spirit of
// Docker's default profile: everything is allowed except what reaches past
// the sandbox or into the kernel's soft spots (namespaces and mounts, kernel
// modules and kexec, keyrings, bpf, perf, ptrace and cross-process memory,
// clocks, swap, reboot, io_uring, userfaultfd, handle-based opens), which
// fail with EPERM. clone() with any namespace flag fails with EPERM, and
// clone3() with ENOSYS (its flags sit in memory a filter cannot read; libc
// then falls back to clone). Foreign architectures and x32 calls are killed.
// The bytes are `struct sock_filter` entries, as bwrap's --seccomp reads them.
QByteArray denyList();

// How many entries the program has (for the hardening record).
int instructionCount();

} // namespace warden::SeccompFilter
