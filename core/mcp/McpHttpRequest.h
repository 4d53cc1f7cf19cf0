#pragma once

#include <QByteArray>

#include <expected>
#include <optional>
#include <string>

namespace warden {

// One request of MCP's Streamable HTTP transport, as the agent's HTTP client
// sends it to the sandbox's loopback endpoint (http://127.0.0.1:3129/mcp/S):
// POST a message, GET the server's event stream, DELETE the session. Read
// strictly: the path names one server, a session id and protocol version are
// well formed, a POST carries a JSON body by its Content-Length, and the
// Host and Origin are loopback (what a DNS-rebinding page cannot send).
struct McpHttpRequest {
    enum class Method { Post, Get, Delete };
    // Why a request is refused, with the HTTP status to answer it with.
    struct Refusal {
        int status = 400;
        std::string message;
    };

    Method method = Method::Post;
    std::string server;
    std::string sessionId;       // empty: none sent
    std::string protocolVersion; // empty: none sent
    QByteArray body;
    qsizetype length = 0; // bytes of the buffer this request took
    bool keepAlive = true;
    bool acceptsEventStream = false; // POST: the answer may come as an event stream

    // A body is at most HttpRequestHead::kMaxBody (1 MiB), the head 16 KiB.
    static constexpr std::size_t kMaxSessionId = 128;

    // nullopt while more bytes are needed.
    static std::expected<std::optional<McpHttpRequest>, Refusal> parse(const QByteArray &buffer);
};

} // namespace warden
