#include "core/common/PrivateDirectory.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

namespace warden::PrivateDirectory {

Result<void> make(const std::string &dir)
{
    if (dir.empty())
        return {};
    const std::filesystem::path path = std::filesystem::path(dir).lexically_normal();
    std::filesystem::path at;
    for (const auto &part : path) {
        at /= part;
        if (part.empty() || part == "/")
            continue;
        if (::mkdir(at.c_str(), 0700) == 0 || errno == EEXIST) {
            struct stat st {};
            if (::stat(at.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                continue;
            return fail("cannot create the directory: a file of that name is in the way", {}, 0, at.string());
        }
        return fail(std::string("cannot create the directory: ") + std::strerror(errno), {}, 0, at.string());
    }
    return {};
}

Result<void> makeFor(const std::string &file)
{
    return make(std::filesystem::path(file).parent_path().string());
}

} // namespace warden::PrivateDirectory
