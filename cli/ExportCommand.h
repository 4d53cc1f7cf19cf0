#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

class ExportCommand {
public:
    static int run(const std::vector<std::string> &args, CliContext &ctx);
    static const char *help();
    // How long `--format otlp` waits for the collector to take a whole run.
    static constexpr int kSendTimeoutMs = 120'000;
};

} // namespace warden
