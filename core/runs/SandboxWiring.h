#pragma once

#include "core/common/Error.h"
#include "core/judge/Judge.h"
#include "core/sandbox/SandboxSpec.h"

#include <QString>

#include <string>
#include <sys/types.h>
#include <vector>

namespace warden::SandboxWiring {

// What a run adds to its agent's sandbox, as SandboxContract says: the
// run's directory of sockets and the init (read-only), the MCP relay where
// servers are declared, a seccomp profile file for an engine that reads
// one, the warden's variables over the agent's, defaults under them, and
// the canaries in its environment.

// warden-mcp, installed beside the init.
Result<std::string> relayBeside(const std::string &init);

// Gives the run's directory and its sockets to the sandbox's user (a
// warden that is root runs each sandbox as a user of its own).
Result<void> handRunDirectory(const QString &dir, uid_t uid, gid_t gid);

// Binds the run directory and the init, and `relay` (when not empty) over
// the image's relay directory; writes the seccomp profile file for a
// container engine (`hostKind` other than bwrap); makes the init the first
// process, supervised.
Result<void> addRunDirectory(SandboxSpec &spec, const QString &dir, const std::string &init, const std::string &relay,
                             const std::string &hostKind);

// The warden's variables (sockets, proxy; the model door's, with the
// loopback out of the proxy, when `modelDoor`) replace the agent's; the
// defaults (HOME, PATH, ...) only where the agent set none; then the
// canaries.
void addEnvironment(SandboxSpec &spec, const std::vector<Judge::Canary> &canaries, bool modelDoor);

// The agent's home in the sandbox (/tmp unless its spec sets HOME).
std::string homeOf(const SandboxSpec &spec);

} // namespace warden::SandboxWiring
