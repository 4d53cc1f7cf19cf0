#pragma once

namespace warden::SandboxUser {

// A user id for one run's sandbox when the warden runs as root: from
// 2,000,000 up, random, and not a user this host knows (not in its passwd).
// Each run being its own user is what makes the run's sockets an identity
// and its per-uid limits (RLIMIT_NPROC) per run.
int forRun();

} // namespace warden::SandboxUser
