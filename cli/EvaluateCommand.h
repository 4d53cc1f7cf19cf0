#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl evaluate --declaration D --trace T [--json] [--fail-on LABEL] [--record [--db PATH]]
class EvaluateCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
