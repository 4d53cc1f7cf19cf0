#include "core/supervise/TraceeMemory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

namespace warden {

TraceeMemory::TraceeMemory(pid_t pid) : m_pid(pid)
{
    if (pid > 0)
        m_fd = ::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
}

TraceeMemory::~TraceeMemory()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::optional<std::vector<std::uint8_t>> TraceeMemory::bytes(std::uint64_t address, std::size_t size)
{
    // pread's offset is signed: an address past it is no address a process has.
    if (m_fd < 0 || size > kMaxTotal || address > static_cast<std::uint64_t>(INT64_MAX) - size)
        return std::nullopt;
    std::vector<std::uint8_t> out(size);
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::pread(m_fd, out.data() + got, size - got, static_cast<off_t>(address + got));
        if (n <= 0)
            return std::nullopt;
        got += static_cast<std::size_t>(n);
    }
    return out;
}

std::optional<std::string> TraceeMemory::string(std::uint64_t address)
{
    std::size_t dropped = 0;
    return string(address, kMaxString, kMaxString, dropped);
}

std::optional<std::string> TraceeMemory::string(std::uint64_t address, std::size_t keep, std::size_t limit,
                                                std::size_t &dropped)
{
    dropped = 0;
    if (m_fd < 0 || address == 0 || address > static_cast<std::uint64_t>(INT64_MAX) - limit)
        return std::nullopt;
    // Read in page-sized steps: a string near the end of a mapping must not
    // fail because the bytes after it are unmapped.
    std::string out;
    std::size_t read = 0;
    char chunk[4096];
    while (read < limit) {
        const std::uint64_t at = address + read;
        const std::size_t toPageEnd = 4096 - static_cast<std::size_t>(at % 4096);
        // Short reads first: most strings are short, and end early.
        const std::size_t step = read < 256 ? 256 : sizeof(chunk);
        const std::size_t want = std::min({step, toPageEnd, limit - read});
        ssize_t n = ::pread(m_fd, chunk, want, static_cast<off_t>(at));
        if (n <= 0)
            return std::nullopt;
        const void *nul = std::memchr(chunk, 0, static_cast<std::size_t>(n));
        const std::size_t len =
            nul ? static_cast<std::size_t>(static_cast<const char *>(nul) - chunk) : static_cast<std::size_t>(n);
        const std::size_t room = keep > out.size() ? keep - out.size() : 0;
        out.append(chunk, std::min(len, room));
        dropped += len - std::min(len, room);
        read += len;
        if (nul)
            return out;
    }
    return std::nullopt; // no terminator within the bound
}

std::optional<std::uint64_t> TraceeMemory::pointer(std::uint64_t address)
{
    auto raw = bytes(address, sizeof(std::uint64_t));
    if (!raw)
        return std::nullopt;
    std::uint64_t value = 0;
    std::memcpy(&value, raw->data(), sizeof(value));
    return value;
}

std::optional<std::vector<std::string>> TraceeMemory::strings(std::uint64_t address, bool &truncated)
{
    truncated = false;
    std::vector<std::string> out;
    if (address == 0)
        return out; // execve(path, NULL, ...): Linux runs it with an empty argv
    std::size_t total = 0;
    std::size_t read = 0;
    // The pointers are read a block at a time, never past the page they
    // start on (the next may be unmapped): one read for a short argv.
    std::uint64_t block[32];
    std::size_t blockFirst = 0, blockCount = 0;
    const auto pointerAt = [&](std::size_t i) -> std::optional<std::uint64_t> {
        if (i >= blockFirst && i < blockFirst + blockCount)
            return block[i - blockFirst];
        const std::uint64_t at = address + i * sizeof(std::uint64_t);
        const std::size_t toPageEnd = 4096 - static_cast<std::size_t>(at % 4096);
        if (toPageEnd < sizeof(std::uint64_t) || at > static_cast<std::uint64_t>(INT64_MAX) - sizeof block)
            return pointer(at); // one that straddles two pages
        const std::size_t want = std::min(sizeof block, toPageEnd / sizeof(std::uint64_t) * sizeof(std::uint64_t));
        const ssize_t n = ::pread(m_fd, block, want, static_cast<off_t>(at));
        if (n < static_cast<ssize_t>(sizeof(std::uint64_t)))
            return std::nullopt;
        blockFirst = i;
        blockCount = static_cast<std::size_t>(n) / sizeof(std::uint64_t);
        return block[0];
    };
    for (std::size_t i = 0;; ++i) {
        if (i == kMaxWords) {
            truncated = true;
            return out;
        }
        auto p = pointerAt(i);
        if (!p)
            return std::nullopt;
        if (*p == 0)
            return out;
        std::size_t dropped = 0;
        if (read >= kMaxArgRead) {
            truncated = true;
            return out;
        }
        // Kept whole while the record has room (what the judge scans is
        // what ran), cut only past the record's bound, and marked.
        const std::size_t room = total < kMaxTotal ? kMaxTotal - total : 0;
        auto s = string(*p, room, std::min(kMaxArgString, kMaxArgRead - read), dropped);
        if (!s)
            return std::nullopt;
        read += s->size() + dropped;
        if (dropped > 0) {
            *s += "…[" + std::to_string(dropped) + " more bytes]";
            out.push_back(std::move(*s));
            truncated = true;
            return out;
        }
        total += s->size();
        if (total > kMaxTotal) {
            truncated = true;
            return out;
        }
        out.push_back(std::move(*s));
    }
}

std::optional<std::string> TraceeMemory::link(const std::string &which) const
{
    if (m_pid <= 0)
        return std::nullopt;
    char target[PATH_MAX];
    const ssize_t n = ::readlink(("/proc/" + std::to_string(m_pid) + "/" + which).c_str(), target, sizeof(target));
    // Full means maybe cut short; "pipe:[…]", "socket:[…]" and deleted
    // directories are no path to judge.
    if (n <= 0 || n >= static_cast<ssize_t>(sizeof(target)) || target[0] != '/')
        return std::nullopt;
    return std::string(target, static_cast<std::size_t>(n));
}

} // namespace warden
