#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace warden {

// One JSON-RPC 2.0 message of MCP's stdio transport (one line), read
// strictly, from either side: a request, a notification, or a response.
// Anything else is Invalid with the reason; nothing here throws.
struct McpMessage {
    enum class Kind { Request, Notification, Response, Invalid };

    Kind kind = Kind::Invalid;
    nlohmann::json id;  // request, response: a string or an integer (null: an error about no request)
    std::string method; // request, notification
    nlohmann::json params = nlohmann::json::object(); // request, notification
    nlohmann::json result;                            // response: an object, or null when it is an error
    nlohmann::json error;                             // response: {"code": integer, "message": string, ...}
    std::string why;                                  // Invalid: what is wrong with it

    static constexpr std::size_t kMaxMethod = 128;
    static constexpr std::size_t kMaxId = 256;

    static McpMessage parse(std::string_view line, std::size_t maxBytes);
    static McpMessage fromJson(const nlohmann::json &message);
    static bool validId(const nlohmann::json &id);

    // What a JSON-RPC error message is for `id` (null when the id is unknown).
    static nlohmann::json errorReply(const nlohmann::json &id, int code, const std::string &message);
};

} // namespace warden
