#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace warden {

// How a client's resources/read (subscribe, unsubscribe), completion/complete
// or prompts/get is judged, and what of it reaches the server: the name it
// is judged under ("S.resources/read", "S.completion/complete",
// "S.prompts/NAME"), its parameters as judged, and the params forwarded,
// which hold only what was judged. (tools/call is the session's own: its
// pins may have to be checked first.)
struct McpJudgedForm {
    std::string tool;
    nlohmann::json params;
    nlohmann::json forwarded;

    // The error names what the request lacks (answered as invalid params).
    static Result<McpJudgedForm> of(const std::string &server, const std::string &method, const nlohmann::json &params);
    // The client's progress token in `params` (an integer, or a string of
    // at most 256 bytes), or null: the server is given Warden's own instead.
    static nlohmann::json progressToken(const nlohmann::json &params);
};

} // namespace warden
