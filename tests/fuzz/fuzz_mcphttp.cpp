// libFuzzer target: bytes from the agent's HTTP client, as warden-init
// relays them to the MCP bridge. The reader takes one request or says why
// not (with the status to answer), never reads past what it was given, and
// the message a POST carries goes on to the strict JSON-RPC reader.
#include "core/mcp/McpHttpRequest.h"
#include "core/mcp/McpMessage.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto request = warden::McpHttpRequest::parse(bytes);
    if (!request) {
        if (request.error().status < 400 || request.error().status > 499 || request.error().message.empty())
            std::abort();
        return 0;
    }
    if (!*request)
        return 0;
    const warden::McpHttpRequest &r = **request;
    if (r.length <= 0 || r.length > bytes.size() || r.body.size() > r.length || r.server.empty())
        std::abort();
    (void)warden::McpMessage::parse(std::string_view(r.body.constData(), static_cast<std::size_t>(r.body.size())),
                                    1024 * 1024);
    return 0;
}
