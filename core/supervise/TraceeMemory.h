#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace warden {

// Reads a supervised process's memory through /proc/PID/mem, bounded at
// every step: the process is hostile, and its pointers, lengths and strings
// are whatever it wants them to be. Every read either succeeds within its
// bound or says it failed; nothing is trusted to be terminated or sane.
class TraceeMemory {
public:
    // Whole-record bounds (argv of 256 words of 4 KiB each at most, 64 KiB in all).
    static constexpr std::size_t kMaxString = 4096;
    // The kernel's own bound on one argument (MAX_ARG_STRLEN): a word up to
    // this long is read through and kept cut, never refused for its length
    // (coding agents wrap each command in a long `bash -c` script).
    static constexpr std::size_t kMaxArgString = 32 * 4096;
    // What one argv may make the supervisor read in all (the kernel's own
    // ARG_MAX under the default stack limit): 256 pointers to one long word
    // cost no more than this.
    static constexpr std::size_t kMaxArgRead = 2 * 1024 * 1024;
    static constexpr std::size_t kMaxWords = 256;
    static constexpr std::size_t kMaxTotal = 64 * 1024;

    explicit TraceeMemory(pid_t pid);
    TraceeMemory(const TraceeMemory &) = delete;
    TraceeMemory &operator=(const TraceeMemory &) = delete;
    ~TraceeMemory();

    bool isOpen() const { return m_fd >= 0; }
    // Exactly `size` bytes at `address`, or nothing.
    std::optional<std::vector<std::uint8_t>> bytes(std::uint64_t address, std::size_t size);
    // A NUL-terminated string of at most kMaxString bytes; longer is a failure.
    std::optional<std::string> string(std::uint64_t address);
    // A NUL-terminated string of at most `limit` bytes, of which the first
    // `keep` are returned; `dropped` counts the rest. Longer than `limit`
    // (or unterminated) is a failure.
    std::optional<std::string> string(std::uint64_t address, std::size_t keep, std::size_t limit, std::size_t &dropped);
    // A NULL-terminated array of string pointers (argv), within the bounds;
    // `truncated` says the array went on past kMaxWords or kMaxTotal. Words
    // (each up to kMaxArgString) are kept whole up to kMaxTotal in all; the
    // word that crosses it is kept cut, marked with how much was left out.
    std::optional<std::vector<std::string>> strings(std::uint64_t address, bool &truncated);
    std::optional<std::uint64_t> pointer(std::uint64_t address);
    // Where one of the process's /proc links points (`cwd`, `fd/3`), as the
    // process sees it; nothing when it cannot be read or is not a path.
    std::optional<std::string> link(const std::string &which) const;

private:
    pid_t m_pid = 0;
    int m_fd = -1;
};

} // namespace warden
