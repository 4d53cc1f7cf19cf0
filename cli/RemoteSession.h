#pragma once

#include "cli/CliContext.h"
#include "core/host/HostEndpoint.h"

#include <nlohmann/json.hpp>

namespace warden {

// A live run on a remote Warden host, from the command line: sends the run
// request, prints the host's events as they arrive (the same lines as a
// local run) and the judgement at the end. The host judges, records and
// queues; approvals are answered at this terminal (`prompt`) or with
// `wardenctl approvals --host URL`.
// Losing the connection ends the run on the host (fail closed).
class RemoteSession {
public:
    static int run(const HostEndpoint &endpoint, nlohmann::json request, bool json, bool prompt, CliContext &ctx);
};

} // namespace warden
