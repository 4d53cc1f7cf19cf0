#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl's command dispatcher: the whole command line lives in core so
// the console and tests can drive exactly what users type.
class Wardenctl {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
