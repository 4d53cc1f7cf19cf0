// libFuzzer target: what a Streamable HTTP MCP server sends back as an event
// stream, cut into pieces where the input says. Every message that comes out
// is within the bound and goes on to the strict JSON-RPC reader; a stream
// past the bound stays broken.
#include "core/mcp/McpEventStream.h"
#include "core/mcp/McpMessage.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    constexpr qsizetype kMax = 4096;
    warden::McpEventStream stream(kMax);
    std::string_view in(reinterpret_cast<const char *>(data), size);
    // The first byte picks the piece size, as a network would.
    const std::size_t piece = size > 0 ? 1 + static_cast<std::uint8_t>(in.front()) % 64 : 1;
    std::vector<std::string> messages;
    bool ok = true;
    while (!in.empty()) {
        const auto n = std::min(piece, in.size());
        const bool fed = stream.feed(in.substr(0, n), messages);
        if (!ok && fed)
            std::abort(); // once broken, always broken
        ok = fed;
        in.remove_prefix(n);
    }
    messages.push_back(stream.finish());
    for (const std::string &m : messages) {
        if (static_cast<qsizetype>(m.size()) > kMax)
            std::abort();
        (void)warden::McpMessage::parse(m, 4096);
    }
    return 0;
}
