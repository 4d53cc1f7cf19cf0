// libFuzzer target: bytes from the agent's model client, as warden-init
// relays them to the model door, and bytes from a provider's answer. The
// door's reader takes one request or says why not (with a 4xx), and what it
// sends on never carries the agent's credentials (no Authorization,
// x-api-key, x-goog-api-key or cookie header, no "key=" in the query); the
// answer reader never fails, whatever it is given.
#include "core/egress/HttpRequestHead.h"
#include "core/model/ModelRequest.h"
#include "core/model/ModelTurn.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    for (auto api : {warden::ModelApi::Anthropic, warden::ModelApi::OpenAI, warden::ModelApi::Gemini})
        for (const char *type : {"text/event-stream", "application/json"})
            (void)warden::ModelTurn::read(api, type, text);

    auto head =
        warden::HttpRequestHead::parse(bytes, warden::HttpRequestHead::Form::Origin, warden::ModelRequest::kMaxBody);
    if (!head || !*head || bytes.size() < (*head)->headLength + (*head)->contentLength)
        return 0;
    const auto request = warden::ModelRequest::from(**head, bytes.mid((*head)->headLength, (*head)->contentLength));
    if (!request) {
        if (request.error().status < 400 || request.error().status > 499 || request.error().message.empty())
            std::abort();
        return 0;
    }
    for (const auto &[name, value] : request->headers)
        if (name == "authorization" || name == "x-api-key" || name == "x-goog-api-key" || name == "cookie")
            std::abort();
    const auto query = request->target.find('?');
    if (!request->target.starts_with("/v1") ||
        (query != std::string::npos &&
         (request->target.find("?key=") != std::string::npos || request->target.find("&key=") != std::string::npos)) ||
        request->model.empty())
        std::abort();
    return 0;
}
