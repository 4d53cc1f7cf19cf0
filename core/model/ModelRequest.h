#pragma once

#include "core/egress/HttpRequestHead.h"
#include "core/policy/ModelProvider.h"
#include "core/trace/Action.h"

#include <QByteArray>

#include <expected>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace warden {

// One request an agent sends its model through the model door
// (http://127.0.0.1:3130 in the sandbox), read strictly: which API it
// speaks, by its path, and which model it asks for:
//   Anthropic  POST /v1/messages (and /v1/messages/count_tokens)
//   OpenAI     POST /v1/responses, /v1/chat/completions
//   Gemini     POST /v1beta/models/MODEL:generateContent, :streamGenerateContent, :countTokens
// What goes on to the provider: the path, the body, and only the headers
// the API needs (the agent's credentials never: the warden adds the key).
struct ModelRequest {
    struct Refusal {
        int status = 400;
        std::string message;
    };

    ModelApi api = ModelApi::Anthropic;
    std::string model;
    std::string target; // the path and query to append to the provider's URL (a Gemini "key=" taken out)
    QByteArray body;
    std::vector<std::pair<std::string, std::string>> headers; // those that go on
    bool streams = false;                                     // the agent asked for server-sent events
    std::vector<Action::ToolResult> results; // the newest tool results it sends back (ModelToolResults)
    std::vector<std::string> withheld;       // provider-side tools taken out (ProviderTools)

    static constexpr qsizetype kMaxBody = 8 * 1024 * 1024;

    // `redact`: as for ModelToolResults::read. `providerTools`: the
    // provider-side tools the declaration lets a request of that API keep
    // (the rest are taken out of the body that goes on).
    using ProviderToolsAllowed = std::function<std::vector<std::string>(ModelApi)>;
    static std::expected<ModelRequest, Refusal> from(const HttpRequestHead &head, const QByteArray &body,
                                                     const std::function<void(std::string &)> &redact = {},
                                                     const ProviderToolsAllowed &providerTools = {});
    // The header that carries `key` to a provider of `api`.
    static std::pair<std::string, std::string> keyHeader(ModelApi api, const std::string &key);
};

} // namespace warden
