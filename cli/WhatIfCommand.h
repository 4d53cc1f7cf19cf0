#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// `wardenctl whatif`: which stored runs a new declaration would have decided
// differently (WhatIfReplay), as a table or one JSON document; exit 1 when a
// run judged malicious would now have something allowed (a CI gate).
struct WhatIfCommand {
    static const char *help();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
};

} // namespace warden
