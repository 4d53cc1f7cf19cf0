#pragma once

#include <QtGlobal>

#include <optional>
#include <sys/types.h>

namespace warden::PeerCredentials {

// The user id of the process at the other end of a connected unix socket,
// as the kernel recorded it at connect() time (SO_PEERCRED); nullopt if it
// cannot be read.
std::optional<uid_t> uidOf(qintptr socketDescriptor);

} // namespace warden::PeerCredentials
