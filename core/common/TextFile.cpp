#include "core/common/TextFile.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace warden {

Result<std::string> readTextFile(const std::string &path, std::size_t maxBytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(std::string("cannot open: ") + std::strerror(errno), {}, 0, path);
    std::string out;
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (out.size() > maxBytes)
            return fail("file is larger than " + std::to_string(maxBytes) + " bytes", {}, 0, path);
    }
    if (in.bad())
        return fail("read error", {}, 0, path);
    return out;
}

} // namespace warden
