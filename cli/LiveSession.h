#pragma once

#include "cli/CliArgs.h"
#include "cli/CliContext.h"
#include "core/runs/RunConfig.h"

#include <string>

namespace warden {

// Runs one live run from the command line to its end: opens the store, the
// approval queue and its control socket, boots the sandbox, prints verdicts
// as they arrive and the judgement at the end. On a terminal the reviewer
// answers approval prompts inline; otherwise `wardenctl approvals` decides.
class LiveSession {
public:
    struct Options {
        std::string db;
        bool json = false;
        bool prompt = false; // ask on this terminal for approvals
        // --db and --json; the prompt when stdin is a terminal and not --json.
        static Options from(const CliArgs &args);
    };
    static int run(RunConfig config, const Options &options, CliContext &ctx);
    // How long the end of a run waits for the collector to take its spans.
    static constexpr int kOtlpFinishMs = 15'000;
};

} // namespace warden
