#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// `wardenctl serve` (and warden-hostd, its thin main): a headless warden that
// keeps running. It answers approvals on the local control socket and, over
// TCP (TLS unless loopback), serves remote consoles and `--host wardens://`
// clients that start runs here. Stops cleanly on SIGINT or SIGTERM.
class ServeCommand {
public:
    static const char *help();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
};

} // namespace warden
