#pragma once

#include "core/common/Error.h"

#include <QString>

#include <string_view>

class QLocalServer;

namespace warden::RunSocket {

// Listens on one of a run's sockets in its private run directory (the
// gateway, the egress proxy, the MCP bridge). A file left there is a dead
// run's socket, never a live one (each run has its own directory), so it is
// removed first; an error names the socket and its path.
Result<void> listen(QLocalServer &server, const QString &path, std::string_view what);

} // namespace warden::RunSocket
