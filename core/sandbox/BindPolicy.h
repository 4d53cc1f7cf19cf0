#pragma once

#include "core/common/Error.h"
#include "core/sandbox/SandboxSpec.h"

#include <string>

namespace warden::BindPolicy {

// Every host path mounted into a sandbox, whichever backend and whatever
// the sandbox is for (a run, an MCP server, the code scanner): it exists,
// and neither it nor what it resolves to is a system location (/, /etc,
// /proc, /run, /var/lib/docker, a Docker socket, ...) or one of the warden's
// own: its home (or a parent of it), its runtime, store or configuration
// directory (or anything inside or above them). The error names the path.
Result<void> checkBinds(const SandboxSpec &spec);

// A data directory that a person names for a run (`wardenctl run --data`,
// the console's launcher): a directory, reached without any symlink (a link
// could be repointed between this check and the mount), strictly inside an
// allowed root (WARDEN_DATA_ROOTS, colon-separated; by default the user's
// home, /srv, /data, /var/tmp and /tmp), and with no hidden component
// (~/.ssh, ~/.aws, .git).
Result<void> checkDataDirectory(const std::string &path);

} // namespace warden::BindPolicy
