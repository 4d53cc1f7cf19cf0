#include "core/mcp/McpHttpRequest.h"

#include "core/egress/HttpRequestHead.h"
#include "core/mcp/McpProtocol.h"
#include "core/mcp/McpSession.h"
#include "core/policy/Declaration.h"

#include <algorithm>
#include <cctype>

namespace warden {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A loopback name, with any port: the endpoint is reached by nothing else.
bool loopbackHost(const std::string &host)
{
    std::string name = host;
    if (!name.empty() && name.front() == '[') {
        const auto close = name.find(']');
        if (close == std::string::npos)
            return false;
        const std::string rest = name.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || rest.size() == 1 ||
                              !std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; })))
            return false;
        return name.substr(0, close + 1) == "[::1]";
    }
    const auto colon = name.find(':');
    if (colon != std::string::npos) {
        const std::string port = name.substr(colon + 1);
        if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        name = name.substr(0, colon);
    }
    name = lower(name);
    return name == "127.0.0.1" || name == "localhost";
}

std::unexpected<McpHttpRequest::Refusal> refuse(int status, std::string message)
{
    return std::unexpected(McpHttpRequest::Refusal{status, std::move(message)});
}

} // namespace

std::expected<std::optional<McpHttpRequest>, McpHttpRequest::Refusal> McpHttpRequest::parse(const QByteArray &buffer)
{
    auto head = HttpRequestHead::parse(buffer, HttpRequestHead::Form::Origin);
    if (!head)
        return refuse(400, head.error().message);
    if (!*head)
        return std::optional<McpHttpRequest>();
    const HttpRequestHead &h = **head;
    if (buffer.size() < h.headLength + h.contentLength)
        return std::optional<McpHttpRequest>();

    McpHttpRequest r;
    r.length = h.headLength + h.contentLength;
    r.body = buffer.mid(h.headLength, h.contentLength);
    const std::string connection = lower(h.header("connection").value_or(""));
    r.keepAlive = h.version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";

    const auto host = h.header("host");
    if (!host)
        return refuse(400, "no Host header");
    if (!loopbackHost(*host))
        return refuse(403, "the Host header is not a loopback address");
    if (const auto origin = h.header("origin")) {
        const std::string o = lower(*origin);
        const auto scheme = o.find("://");
        if (scheme == std::string::npos || !loopbackHost(o.substr(scheme + 3)))
            return refuse(403, "the Origin is not a loopback address");
    }

    constexpr std::string_view prefix = "/mcp/";
    if (h.target.rfind(prefix, 0) != 0 || !McpServerRule::validName(std::string_view(h.target).substr(prefix.size())))
        return refuse(404, "the endpoint is /mcp/SERVER, SERVER a declared MCP server");
    r.server = h.target.substr(prefix.size());

    if (h.method == "POST")
        r.method = Method::Post;
    else if (h.method == "GET")
        r.method = Method::Get;
    else if (h.method == "DELETE")
        r.method = Method::Delete;
    else
        return refuse(405, "only POST, GET and DELETE are served");

    if (const auto id = h.header("mcp-session-id")) {
        if (id->empty() || id->size() > kMaxSessionId ||
            !std::all_of(id->begin(), id->end(), [](char c) { return c >= 0x21 && c <= 0x7e; }))
            return refuse(400, "a malformed Mcp-Session-Id");
        r.sessionId = *id;
    }
    if (const auto version = h.header("mcp-protocol-version")) {
        if (!McpProtocol::speaks(*version))
            return refuse(400, "an MCP-Protocol-Version this warden does not speak");
        r.protocolVersion = *version;
    }
    const std::string accept = lower(h.header("accept").value_or("*/*"));
    if (r.method == Method::Post) {
        const std::string type = lower(h.header("content-type").value_or(""));
        if (type != "application/json" && type.rfind("application/json;", 0) != 0)
            return refuse(415, "a message is sent as application/json");
        if (r.body.isEmpty())
            return refuse(400, "a POST without a message");
        if (accept.find("application/json") == std::string::npos && accept.find("*/*") == std::string::npos)
            return refuse(406, "answers are application/json; the Accept header refuses it");
        r.acceptsEventStream = accept.find("text/event-stream") != std::string::npos;
    } else {
        if (!r.body.isEmpty())
            return refuse(400, "a GET or DELETE with a body");
        if (r.sessionId.empty())
            return refuse(400, "no Mcp-Session-Id");
        if (r.method == Method::Get && accept.find("text/event-stream") == std::string::npos)
            return refuse(406, "the event stream is text/event-stream; the Accept header refuses it");
    }
    return std::optional<McpHttpRequest>(std::move(r));
}

} // namespace warden
