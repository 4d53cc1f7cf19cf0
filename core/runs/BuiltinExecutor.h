#pragma once

#include "common/Error.h"
#include "runs/RunConfig.h"

#include <nlohmann/json.hpp>

namespace warden {

// The built-in executors (files inside a declared scope, HTTP to a declared
// destination). Blocking: LiveRun calls them on a worker thread. Errors are
// what the agent is told.
class BuiltinExecutor {
public:
    static constexpr std::size_t kMaxBytes = 1024 * 1024;

    static Result<nlohmann::json> run(const ToolExecutor &executor, const nlohmann::json &params);

private:
    static Result<nlohmann::json> file(const ToolExecutor &executor, const nlohmann::json &params);
    static Result<nlohmann::json> http(const ToolExecutor &executor, const nlohmann::json &params);
};

} // namespace warden
