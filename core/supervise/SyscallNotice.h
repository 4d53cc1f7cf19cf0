#pragma once

#include "core/supervise/SupervisedCalls.h"
#include "core/trace/Action.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct seccomp_notif;

namespace warden {

class TraceeMemory;

// One supervised call, decoded from the kernel's notification and the
// caller's memory. A call whose arguments could not be read is `unreadable`
// (and denied): the supervisor never guesses.
struct SyscallNotice {
    std::uint64_t id = 0; // the kernel's cookie, for the answer
    int pid = 0;          // in the warden's PID namespace
    long nr = -1;
    std::string call; // execve, connect, ...
    supervised::CallClass kind = supervised::CallClass::None;
    bool launch = false;  // the init's exec of the run's own command
    bool missing = false; // an exec of a program that is not there: answered ENOENT whatever the verdict
    // Let through on the supervisor's thread already (SyscallSupervisor::
    // setAllowAtOnce): the run records it, and answers nothing.
    bool allowedAtOnce = false;
    bool programFound = false; // an exec whose program the walk found (no second look needed)

    // Exec
    std::string path;
    std::vector<std::string> argv;
    bool argvTruncated = false;
    // Connect and Send: the address, when there is one
    int family = -1;  // AF_INET, AF_INET6, AF_UNIX, ...; -1 when the call names none
    std::string host; // an IP literal, or a unix socket's path
    int port = 0;
    std::string dnsName; // a DNS query's first name, when the payload is one

    // Write and Change: the file an open asks to write (or a call changes),
    // where it really is: resolved in the process's own root through its
    // symlinks, working directory and descriptors (SandboxPath). A rename or
    // link changes two places: `secondFile`. `readOnly` when an openat2 turns
    // out not to write after all; `notAFile` when the name led to a pipe, a
    // socket or the like (/dev/stdout on a pipe).
    std::string file;
    std::string secondFile;
    bool readOnly = false;
    bool notAFile = false;

    bool unreadable = false;
    std::string why; // what could not be read

    // Reads what the call names from `memory`. `n` is the kernel's record;
    // `stillValid` says whether its caller is still the one that asked
    // (asked before the warden walks that process's file system).
    static SyscallNotice decode(const seccomp_notif &n, TraceeMemory &memory,
                                const std::function<bool()> &stillValid = {});

    // Calls that stay inside the sandbox: unix and netlink sockets, the
    // loopback (the proxy bridge lives there), sends on connected sockets,
    // writes and changes to the sandbox's own scratch (/tmp, /dev/shm, a
    // terminal, /dev/null) or to no file at all. Let through unrecorded.
    bool staysInside() const;
    // A file in the scratch (or no file).
    static bool isScratch(const std::string &file);
    // A change to two places outside the scratch (a rename, a link): the
    // second, to be judged as well; empty otherwise.
    std::string alsoChanges() const;

    // `path` joined to `base` when relative, with "." and ".." resolved by
    // the letter (public for tests).
    static std::string normalised(const std::string &base, const std::string &path);

    // The action this call is, with source "syscall" (seq and time left to
    // the caller).
    Action toAction() const;
};

} // namespace warden
