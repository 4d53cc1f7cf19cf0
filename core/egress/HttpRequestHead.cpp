#include "core/egress/HttpRequestHead.h"

#include "core/policy/Url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace warden {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// RFC 9110's token characters: what a header name may be made of. Anything
// else (a space or tab before the colon above all) is read differently by
// different parsers, and so is refused.
bool isToken(std::string_view s)
{
    static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
    });
}

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

} // namespace

Result<std::optional<HttpRequestHead>> HttpRequestHead::parse(const QByteArray &buffer, Form form, qsizetype maxBody)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > kMaxHead)
            return fail("request head is larger than 16 KiB");
        return std::optional<HttpRequestHead>();
    }
    if (end + 4 > kMaxHead)
        return fail("request head is larger than 16 KiB");
    HttpRequestHead h;
    h.headLength = end + 4;
    const std::string head = buffer.left(end).toStdString();
    // Lines end in CRLF only: a bare CR or LF is a line break to some
    // parsers and none to others (a second Host hidden behind a bare LF).
    for (std::size_t i = 0; i < head.size(); ++i)
        if ((head[i] == '\n' && (i == 0 || head[i - 1] != '\r')) ||
            (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')))
            return fail("a bare CR or LF in the request head");
    std::size_t lineEnd = head.find("\r\n");
    const std::string requestLine = head.substr(0, lineEnd);
    const auto sp1 = requestLine.find(' ');
    const auto sp2 = requestLine.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1)
        return fail("malformed request line");
    h.method = requestLine.substr(0, sp1);
    h.target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    h.version = requestLine.substr(sp2 + 1);
    if (h.version != "HTTP/1.1" && h.version != "HTTP/1.0")
        return fail("unsupported HTTP version");
    if (h.method.empty() || !std::all_of(h.method.begin(), h.method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return fail("malformed method");
    if (h.target.empty() || h.target.find_first_of(" \t") != std::string::npos)
        return fail("malformed request target");
    if (form == Form::Origin && h.target.front() != '/')
        return fail("the request target must be a path");
    if (form == Form::Proxy && !h.isConnect() && h.target.rfind("http://", 0) != 0 &&
        h.target.rfind("https://", 0) != 0)
        return fail("a proxy request needs an absolute URL (or CONNECT host:port)");

    std::size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
    while (pos < head.size()) {
        std::size_t next = head.find("\r\n", pos);
        if (next == std::string::npos)
            next = head.size();
        const std::string line = head.substr(pos, next - pos);
        pos = next + 2;
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            return fail("a folded header line (obsolete line folding)");
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            return fail("malformed header line");
        if (!isToken(std::string_view(line).substr(0, colon)))
            return fail("malformed header name (only token characters, nothing before the colon)");
        std::string value = trim(std::string_view(line).substr(colon + 1));
        if (std::any_of(value.begin(), value.end(),
                        [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }))
            return fail("a control character in a header value");
        h.headers.emplace_back(line.substr(0, colon), std::move(value));
    }
    // Framing must be read one way only: a second Content-Length or any
    // Transfer-Encoding could make the destination see a request Warden did
    // not judge (request smuggling).
    int lengths = 0;
    int hosts = 0;
    for (const auto &[k, v] : h.headers) {
        const std::string key = lower(k);
        // The destination routes by Host: exactly one may name it.
        if (key == "host" && ++hosts > 1)
            return fail("more than one Host header");
        if (key == "transfer-encoding")
            return fail("Transfer-Encoding is refused: Warden reads a body by its Content-Length, scanned before it "
                        "leaves");
        if (key == "content-length" && ++lengths > 1)
            return fail("more than one Content-Length");
    }
    if (auto cl = h.header("content-length")) {
        long long n = -1;
        auto [ptr, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
        if (ec != std::errc() || ptr != cl->data() + cl->size() || n < 0)
            return fail("malformed Content-Length");
        if (n > maxBody)
            return fail("request body is larger than " + std::to_string(maxBody / 1024) + " KiB");
        h.contentLength = static_cast<qsizetype>(n);
    }
    if (form == Form::Proxy && !h.isConnect()) {
        auto url = Url::parse(h.target);
        if (!url)
            return fail("bad request URL: " + url.error().message);
        if (url->scheme != "http")
            return fail("only http:// URLs are forwarded as requests; use CONNECT for " + url->scheme);
        if (auto host = h.header("host")) {
            // The destination routes by Host; it must be the host that was judged.
            auto named = Url::parse("http://" + *host + "/");
            if (!named || !named->userinfo.empty() || named->rest != "/" || named->host != url->host ||
                named->port != url->port)
                return fail("the Host header does not match the URL's host");
        }
    }
    return std::optional<HttpRequestHead>(std::move(h));
}

std::optional<std::string> HttpRequestHead::header(std::string_view name) const
{
    for (const auto &[k, v] : headers)
        if (lower(k) == lower(std::string(name)))
            return v;
    return std::nullopt;
}

} // namespace warden
