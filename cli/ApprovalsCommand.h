#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// wardenctl approvals list | approve ID [--for-run] | deny ID --reason R
class ApprovalsCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
