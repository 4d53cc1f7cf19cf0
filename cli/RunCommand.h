#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl run --declaration D --image I [--host H] [--data DIR] -- CMD...
class RunCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
