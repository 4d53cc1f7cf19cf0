#include "core/model/ModelRequest.h"

#include "core/json/WireJson.h"
#include "core/model/ModelToolResults.h"
#include "core/model/ProviderTools.h"

#include <algorithm>
#include <cctype>

namespace warden {

namespace {

std::unexpected<ModelRequest::Refusal> refuse(int status, std::string message)
{
    return std::unexpected(ModelRequest::Refusal{status, std::move(message)});
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool modelNameOk(const std::string &name)
{
    return !name.empty() && name.size() <= ModelProvider::kMaxModelName &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == ':' || c == '@';
           });
}

// The query without any "key=" (Gemini's key in the URL: the agent's, never sent on).
std::string withoutKey(const std::string &query)
{
    std::string out;
    std::size_t at = 0;
    while (at <= query.size()) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::string part = query.substr(at, end - at);
        if (!part.empty() && !part.starts_with("key="))
            out += (out.empty() ? "" : "&") + part;
        at = end + 1;
    }
    return out;
}

} // namespace

std::expected<ModelRequest, ModelRequest::Refusal> ModelRequest::from(const HttpRequestHead &head,
                                                                      const QByteArray &body,
                                                                      const std::function<void(std::string &)> &redact,
                                                                      const ProviderToolsAllowed &providerTools)
{
    if (head.method != "POST")
        return refuse(405, "the model door takes POST requests only");
    ModelRequest r;
    const std::string path = head.target.substr(0, head.target.find('?'));
    const std::string query =
        head.target.find('?') == std::string::npos ? std::string() : head.target.substr(head.target.find('?') + 1);
    // The body is JSON, strictly read, whatever the API.
    auto doc = WireJson::parse(std::string_view(body.constData(), static_cast<std::size_t>(body.size())),
                               {static_cast<std::size_t>(kMaxBody), 64});
    if (!doc || !doc->is_object())
        return refuse(400, "a model request's body is a JSON object");
    auto bodyModel = [&]() -> std::string {
        auto it = doc->find("model");
        return it != doc->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (path == "/v1/messages" || path == "/v1/messages/count_tokens") {
        r.api = ModelApi::Anthropic;
        r.model = bodyModel();
    } else if (path == "/v1/responses" || path == "/v1/chat/completions") {
        r.api = ModelApi::OpenAI;
        r.model = bodyModel();
    } else if (path.starts_with("/v1beta/models/")) {
        r.api = ModelApi::Gemini;
        const std::string rest = path.substr(std::string_view("/v1beta/models/").size());
        const auto colon = rest.rfind(':');
        const std::string method = colon == std::string::npos ? std::string() : rest.substr(colon + 1);
        if (method != "generateContent" && method != "streamGenerateContent" && method != "countTokens")
            return refuse(404, "the model door serves generateContent, streamGenerateContent and countTokens");
        r.model = rest.substr(0, colon);
        r.streams = method == "streamGenerateContent";
    } else {
        return refuse(404, "the model door serves /v1/messages (Anthropic), /v1/responses and /v1/chat/completions "
                           "(OpenAI), /v1beta/models/MODEL:ACTION (Gemini)");
    }
    if (!modelNameOk(r.model))
        return refuse(400, "the request names no model, or one that is not a model's name");
    if (auto stream = doc->find("stream"); stream != doc->end() && stream->is_boolean())
        r.streams = r.streams || stream->get<bool>();
    const std::string kept = withoutKey(query);
    r.target = path + (kept.empty() ? std::string() : "?" + kept);
    r.body = body;
    r.results = ModelToolResults::read(r.api, *doc, redact);
    // What the provider would run for the agent, from where no proxy of
    // Warden's stands, goes only when declared.
    r.withheld = ProviderTools::strip(r.api, *doc, providerTools ? providerTools(r.api) : std::vector<std::string>{});
    if (!r.withheld.empty())
        r.body = QByteArray::fromStdString(doc->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // Only what the API needs goes on: never the agent's credentials
    // (Authorization, x-api-key, x-goog-api-key, cookies), nor anything
    // that says who or where the agent is.
    static const std::vector<std::string> common = {"content-type", "accept"};
    static const std::vector<std::string> anthropic = {"anthropic-version", "anthropic-beta"};
    static const std::vector<std::string> openai = {"openai-beta"};
    for (const auto &[name, value] : head.headers) {
        const std::string n = lower(name);
        const auto &extra = r.api == ModelApi::Anthropic ? anthropic
                            : r.api == ModelApi::OpenAI  ? openai
                                                         : std::vector<std::string>{};
        if (std::find(common.begin(), common.end(), n) != common.end() ||
            std::find(extra.begin(), extra.end(), n) != extra.end())
            r.headers.emplace_back(n, value);
    }
    return r;
}

std::pair<std::string, std::string> ModelRequest::keyHeader(ModelApi api, const std::string &key)
{
    switch (api) {
    case ModelApi::Anthropic: return {"x-api-key", key};
    case ModelApi::OpenAI: return {"authorization", "Bearer " + key};
    case ModelApi::Gemini: return {"x-goog-api-key", key};
    }
    return {"authorization", "Bearer " + key};
}

} // namespace warden
