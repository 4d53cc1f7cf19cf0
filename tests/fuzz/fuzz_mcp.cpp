// libFuzzer target: one line of MCP from either side of the bridge (the
// agent's client or a server). Whatever it is, the reader answers with a
// message or the reason it is not one, and the reply Warden would send
// serialises.
#include "core/mcp/McpMessage.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view line(reinterpret_cast<const char *>(data), size);
    const warden::McpMessage m = warden::McpMessage::parse(line, 1024 * 1024);
    nlohmann::json reply;
    switch (m.kind) {
    case warden::McpMessage::Kind::Invalid: reply = warden::McpMessage::errorReply(m.id, -32600, m.why); break;
    case warden::McpMessage::Kind::Request:
        reply = {{"jsonrpc", "2.0"}, {"id", m.id}, {"result", {{"method", m.method}, {"params", m.params}}}};
        break;
    case warden::McpMessage::Kind::Notification: reply = {{"method", m.method}, {"params", m.params}}; break;
    case warden::McpMessage::Kind::Response:
        reply = m.error.is_null()
                    ? m.result
                    : warden::McpMessage::errorReply(m.id, -32603, m.error.at("message").get<std::string>());
        break;
    }
    (void)reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
