#pragma once

#include <string>
#include <string_view>

namespace warden {

// Which warden process owns a run, written with the run's start and on its
// Docker container, so that a second warden sharing the store or the engine
// (the console and `wardenctl run` side by side) recovers and sweeps only
// what a dead warden left, never a live one's runs.
//
// "MACHINE:BOOT:PID:START": /etc/machine-id, the kernel's boot id, the pid
// and the process's start time in clock ticks (so a reused pid is told apart).
class WardenIdentity {
public:
    static std::string self();

    enum class Owner { Alive, Gone, Elsewhere };
    // Gone: this machine, and the process is not running (or the machine has
    // rebooted since). Elsewhere: another machine's warden, which this one
    // cannot see and must leave alone. A malformed identity is Gone: what
    // it marks is recovered (failed, approvals denied), which fails closed.
    static Owner owner(std::string_view identity);

private:
    static std::string startTicks(long pid);
};

} // namespace warden
