#pragma once

#include "core/common/Error.h"
#include "core/runs/BuiltinExecutor.h"
#include "core/runs/RunConfig.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <functional>

namespace warden {

// Carries out an allowed or approved tool on the warden's side with its
// executor: a built-in (file, HTTP) on the thread pool, or a fixed argv whose
// "{param}" words take the parameters' values, each one whole argument,
// never through a shell, killed past its timeout. Its output is capped.
class ToolExecution {
public:
    // `done` runs on `owner`'s thread with the result or why it failed;
    // never, if `owner` is gone by then.
    static void start(const ToolExecutor &executor, const nlohmann::json &params, BuiltinExecutor::Addresses addresses,
                      QObject *owner, const std::function<void(Result<nlohmann::json>)> &done);

    // The argv an Argv executor runs for `params` (public for tests).
    static std::vector<std::string> argvFor(const ToolExecutor &executor, const nlohmann::json &params);
};

} // namespace warden
