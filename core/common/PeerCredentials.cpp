#include "core/common/PeerCredentials.h"

#include <sys/socket.h>

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

} // namespace warden::PeerCredentials
