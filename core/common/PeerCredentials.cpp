#include "core/common/PeerCredentials.h"

#include <array>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::PeerCredentials {

std::optional<uid_t> uidOf(qintptr socketDescriptor)
{
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (socketDescriptor < 0 ||
        ::getsockopt(static_cast<int>(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        length != sizeof credentials)
        return std::nullopt;
    return credentials.uid;
}

namespace {

// Namespaces are the same when /proc/PID/ns/KIND names the same inode.
bool sameNamespace(pid_t pid, const char *kind)
{
    struct stat mine {};
    struct stat theirs {};
    const std::string self = std::string("/proc/self/ns/") + kind;
    const std::string other = "/proc/" + std::to_string(pid) + "/ns/" + kind;
    return ::stat(self.c_str(), &mine) == 0 && ::stat(other.c_str(), &theirs) == 0 && mine.st_dev == theirs.st_dev &&
           mine.st_ino == theirs.st_ino;
}

} // namespace

std::optional<LocalPeer> localPeerOf(qintptr socketDescriptor)
{
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (socketDescriptor < 0 ||
        ::getsockopt(static_cast<int>(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        length != sizeof credentials || credentials.pid <= 0)
        return std::nullopt;
    LocalPeer peer;
    peer.uid = credentials.uid;
    // A pid from another pid namespace reads as 0 (checked above); one that
    // has exited, or was reused, fails closed on the namespace comparison.
    peer.outsideAnySandbox = sameNamespace(credentials.pid, "user") && sameNamespace(credentials.pid, "pid") &&
                             sameNamespace(credentials.pid, "mnt");
    std::array<char, 4096> buffer{};
    passwd entry{};
    passwd *found = nullptr;
    if (::getpwuid_r(credentials.uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name)
        peer.name = found->pw_name;
    else
        peer.name = "uid " + std::to_string(credentials.uid);
    return peer;
}

} // namespace warden::PeerCredentials
