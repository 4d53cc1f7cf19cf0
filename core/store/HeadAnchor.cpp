#include "store/HeadAnchor.h"

#include "common/TextFile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
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
    const std::string tmp = path + ".tmp";
    const std::string text = nlohmann::json{{"count", count}, {"hash", hash}}.dump() + "\n";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(std::string("cannot write head anchor: ") + std::strerror(errno), {}, 0, tmp);
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
        return fail(std::string("cannot write head anchor: ") + std::strerror(errno), {}, 0, path);
    return {};
}

} // namespace warden
