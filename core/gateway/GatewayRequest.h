#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace warden {

// One request line from an agent: {"id", "tool", "params", "justification"}.
// The run it belongs to is never read from here: it is the socket it came on.
struct GatewayRequest {
    std::string id;
    std::string tool;
    nlohmann::json params = nlohmann::json::object();
    std::string justification;

    static constexpr std::size_t kMaxIdLength = 64;
    static constexpr std::size_t kMaxJustification = 4096;
    static constexpr std::size_t kMaxDepth = 64;

    // Strict parse; the error message is what the agent gets back.
    static Result<GatewayRequest> parse(std::string_view line);
    // The request id if one can be read from a malformed line, for the error reply.
    static std::string idOf(std::string_view line);
};

} // namespace warden
