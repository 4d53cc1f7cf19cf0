#include "core/runs/SandboxUser.h"

#include <QRandomGenerator>

#include <pwd.h>

namespace warden::SandboxUser {

int forRun()
{
    constexpr int kFirst = 2'000'000;
    constexpr int kCount = 1'000'000;
    for (int tries = 0; tries < 64; ++tries) {
        const int uid = kFirst + static_cast<int>(QRandomGenerator::system()->bounded(kCount));
        if (::getpwuid(static_cast<uid_t>(uid)) == nullptr)
            return uid;
    }
    return kFirst + kCount; // a host that names a million of these users: still not root, still not nobody
}

} // namespace warden::SandboxUser
