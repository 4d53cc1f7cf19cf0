// libFuzzer target: one line an agent sends the gateway. Whatever it is,
// the request reader answers with a request or an error, and what would go
// back to the agent serialises.
#include "core/gateway/GatewayRequest.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view line(reinterpret_cast<const char *>(data), size);
    auto request = warden::GatewayRequest::parse(line);
    const std::string id = warden::GatewayRequest::idOf(line);
    nlohmann::json reply = {{"id", id}, {"decision", "deny"}};
    if (request) {
        reply["tool"] = request->tool;
        reply["params"] = request->params; // a copy: recursive, so depth matters
    } else {
        reply["error"] = request.error().message;
    }
    (void)reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
