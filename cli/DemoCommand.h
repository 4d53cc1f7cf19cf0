#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl demo NAME: shows an injection story end to end.
class DemoCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
