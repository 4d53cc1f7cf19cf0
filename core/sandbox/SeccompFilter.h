#pragma once

#include <QByteArray>

#include <nlohmann/json.hpp>

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
// `supervised`: the calls warden-init hands to the supervisor are left out
// (a refusal here would outrank the supervisor's notification, and the
// attempt would go unseen); the supervisor refuses them instead.
QByteArray denyList(bool supervised = false);

// The same policy as a Docker/Podman seccomp profile (the JSON an engine
// takes as "seccomp=PROFILE" in SecurityOpt), in place of the engine's
// default: with `supervised`, privileged calls reach the supervisor, which
// refuses and records them, where the default profile refused them unseen.
// Foreign architectures are refused by the engine (only this one is listed).
nlohmann::json dockerProfile(bool supervised);

// How many entries the program has (for the hardening record).
int instructionCount(bool supervised = false);

} // namespace warden::SeccompFilter
