#pragma once

#include "core/store/AuditRecord.h"
#include "core/trace/Action.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace warden {

// A run's memory of the system calls it refused, so that one call retried
// in a loop cannot spend the run's audit quota:
//  - the same refused call again: the first kRecordedRepeats are judged and
//    recorded, the rest refused at once and counted, one repeated_refusal
//    record a second with the count; keyed by what the call is (its action
//    without seq and time), for at most kMaxKeys calls;
//  - a PATH search trying a refused program under its next directory
//    (/usr/bin/cat, then /bin/cat): refused without a second record; the
//    same path again is a retry, and recorded.
class SyscallRepeats {
public:
    static constexpr int kRecordedRepeats = 3;
    static constexpr std::size_t kMaxKeys = 4096;

    explicit SyscallRepeats(std::size_t maxProcesses) : m_maxProcesses(maxProcesses) {}

    // The key a refusal of `action` is counted under.
    static std::string keyOf(const Action &action);
    // Whether the call under `key` was refused often enough to be refused
    // again unrecorded (and counts it).
    bool refuseUnrecorded(const std::string &key);
    // Whether `pid`'s exec of `argv` at `path` is its last refused one under
    // another directory (and remembers the new path).
    bool isPathSearch(int pid, const std::string &path, const std::vector<std::string> &argv);
    // What the judge decided for a call counted under `key` (empty: none).
    void judged(const std::string &key, const Action &action, bool allowed);
    // What was decided for `pid`'s exec of `argv` at `path`.
    void execJudged(int pid, const std::string &path, const std::vector<std::string> &argv, bool allowed);
    // One repeated_refusal record per call refused unrecorded since the
    // last time, its text through `redact`.
    std::vector<AuditRecord> flush(const std::string &runId, std::int64_t seq,
                                   const std::function<void(std::string &)> &redact);

private:
    struct Repeated {
        int recorded = 0;
        std::int64_t unrecorded = 0;
        std::int64_t lastSeq = 0;
        std::string what;
    };
    struct RefusedExec {
        std::string path;
        std::vector<std::string> argv;
    };
    std::size_t m_maxProcesses;
    std::unordered_map<std::string, Repeated> m_repeats;
    std::unordered_map<int, RefusedExec> m_refusedExec;
};

} // namespace warden
