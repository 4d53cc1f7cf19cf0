#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

class AuditCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
};

} // namespace warden
