#pragma once

#include "core/common/Error.h"
#include "core/runs/RunConfig.h"

#include <nlohmann/json.hpp>

namespace warden {

// The built-in executors (files inside a declared scope, HTTP to a declared
// destination). Blocking: LiveRun calls them on a worker thread. Errors are
// what the agent is told.
class BuiltinExecutor {
public:
    static constexpr std::size_t kMaxBytes = 1024 * 1024;

    // Which addresses an HTTP executor may connect to once the URL's host is
    // resolved: public ones only, unless the destination is declared internal.
    enum class Addresses { PublicOnly, InternalToo };

    static Result<nlohmann::json> run(const ToolExecutor &executor, const nlohmann::json &params,
                                      Addresses addresses = Addresses::PublicOnly);

private:
    static Result<nlohmann::json> file(const ToolExecutor &executor, const nlohmann::json &params);
    static Result<nlohmann::json> http(const ToolExecutor &executor, const nlohmann::json &params, Addresses addresses);
};

} // namespace warden
