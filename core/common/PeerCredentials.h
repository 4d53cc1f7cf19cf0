#pragma once

#include <QtGlobal>

#include <optional>
#include <string>
#include <sys/types.h>

namespace warden::PeerCredentials {

// The user id of the process at the other end of a connected unix socket,
// as the kernel recorded it at connect() time (SO_PEERCRED); nullopt if it
// cannot be read.
std::optional<uid_t> uidOf(qintptr socketDescriptor);

// Who is at the other end, for a socket that only local people may use: the
// peer's uid and, by its pid, whether it shares this process's user and pid
// namespaces (a process in a sandbox never does). The name is the account's
// on this machine ("uid N" when it has none).
struct LocalPeer {
    uid_t uid = 0;
    bool outsideAnySandbox = false;
    std::string name;
};
std::optional<LocalPeer> localPeerOf(qintptr socketDescriptor);

} // namespace warden::PeerCredentials
