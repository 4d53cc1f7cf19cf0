#include "core/store/HeadAnchor.h"

#include "core/common/TextFile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden {

std::string HeadAnchor::pathFor(const std::string &databasePath)
{
    return databasePath + ".head";
}

Result<std::optional<HeadAnchor>> HeadAnchor::read(const std::string &databasePath)
{
    const std::string path = pathFor(databasePath);
    if (::access(path.c_str(), F_OK) != 0)
        return std::optional<HeadAnchor>();
    auto text = readTextFile(path, 4096);
    if (!text)
        return std::unexpected(text.error());
    try {
        auto j = nlohmann::json::parse(*text);
        HeadAnchor a;
        a.count = j.at("count").get<std::int64_t>();
        a.hash = j.at("hash").get<std::string>();
        if (a.count < 0 || a.hash.size() != 64)
            return fail("head anchor is malformed", {}, 0, path);
        return std::optional<HeadAnchor>(a);
    } catch (const std::exception &e) {
        return fail(std::string("head anchor is malformed: ") + e.what(), {}, 0, path);
    }
}

Result<void> HeadAnchor::write(const std::string &databasePath) const
{
    const std::string path = pathFor(databasePath);
    // A temporary file of its own: two writers (two wardens on one store)
    // sharing one temporary name could interleave their bytes.
    std::string tmp = path + ".XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0)
        return fail(std::string("cannot write head anchor: ") + std::strerror(errno), {}, 0, path);
    const std::string text = nlohmann::json{{"count", count}, {"hash", hash}}.dump() + "\n";
    const bool written = ::fchmod(fd, 0600) == 0 &&
                         ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int writeErrno = errno;
    ::close(fd);
    if (!written || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int error = written ? errno : writeErrno;
        ::unlink(tmp.c_str());
        return fail(std::string("cannot write head anchor: ") + std::strerror(error), {}, 0, path);
    }
    return {};
}

} // namespace warden
