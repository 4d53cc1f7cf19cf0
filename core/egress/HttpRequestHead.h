#pragma once

#include "core/common/Error.h"

#include <QByteArray>

#include <optional>
#include <string>
#include <vector>

namespace warden {

// The head of one HTTP/1.x request as a forward proxy sees it: CONNECT with
// an authority ("host:443"), or any other method with an absolute http://
// URL whose Host header (if any) names the same host and port. Anything
// else is refused, and so is framing that could be read two ways: any
// Transfer-Encoding (a chunked body could not be scanned before deciding) and
// a repeated Content-Length.
struct HttpRequestHead {
    std::string method;
    std::string target;  // as sent
    std::string version; // HTTP/1.0 or HTTP/1.1
    std::vector<std::pair<std::string, std::string>> headers;
    qsizetype headLength = 0; // bytes up to and including the blank line
    qsizetype contentLength = 0;

    static constexpr qsizetype kMaxHead = 16 * 1024;
    static constexpr qsizetype kMaxBody = 1024 * 1024;

    // Proxy: what a forward proxy is sent (above). Origin: what a server is
    // sent, a path ("/mcp/files"); the framing rules are the same.
    enum class Form { Proxy, Origin };

    // nullopt while more bytes are needed; an error for bad or refused input
    // (a body over `maxBody` among it).
    static Result<std::optional<HttpRequestHead>> parse(const QByteArray &buffer, Form form = Form::Proxy,
                                                        qsizetype maxBody = kMaxBody);

    std::optional<std::string> header(std::string_view name) const;
    bool isConnect() const { return method == "CONNECT"; }
};

} // namespace warden
