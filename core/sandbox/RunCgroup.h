#pragma once

#include "core/common/Error.h"

#include <string>
#include <vector>

namespace warden {

// A control group of one run, so memory and process limits hold for the run
// as a whole (rlimits hold per process and per uid only). cgroup v2 where the
// unified hierarchy has the memory and pids controllers, else v1's memory and
// pids hierarchies; it needs root (or a delegated hierarchy). Where neither
// can be made, `create` says why and the run keeps its rlimits, which the
// hardening record states.
class RunCgroup {
public:
    RunCgroup() = default;
    RunCgroup(const RunCgroup &) = delete;
    RunCgroup &operator=(const RunCgroup &) = delete;
    RunCgroup(RunCgroup &&other) noexcept;
    RunCgroup &operator=(RunCgroup &&other) noexcept;
    ~RunCgroup();

    static Result<RunCgroup> create(const std::string &name, std::int64_t memoryBytes, int pids);

    // The cgroup.procs files the child writes "0" to (joins) before exec.
    const std::vector<std::string> &procsFiles() const { return m_procs; }
    std::string describe() const { return m_kind; }
    // Whether the kernel killed a process of this run for memory.
    bool oomKilled() const;

private:
    void remove();

    std::vector<std::string> m_dirs;
    std::vector<std::string> m_procs;
    std::string m_kind; // "cgroup v2" or "cgroup v1"
    std::string m_memoryDir;
};

} // namespace warden
