#include "core/model/ModelTurn.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <algorithm>
#include <map>

namespace warden {

using nlohmann::json;

namespace {

// The JSON documents of an answer: each event's data, or the body.
std::vector<json> documents(std::string_view contentType, std::string_view bytes)
{
    std::vector<json> out;
    auto add = [&out](std::string_view text) {
        if (auto doc = WireJson::parse(text, {8 * 1024 * 1024, 64}); doc && doc->is_object())
            out.push_back(std::move(*doc));
    };
    if (!contentType.starts_with("text/event-stream")) {
        add(bytes);
        return out;
    }
    std::string data;
    std::size_t at = 0;
    while (at < bytes.size()) {
        std::size_t end = bytes.find('\n', at);
        if (end == std::string_view::npos)
            end = bytes.size();
        std::string_view line = bytes.substr(at, end - at);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty()) {
            if (!data.empty())
                add(data);
            data.clear();
        } else if (line.starts_with("data:")) {
            line.remove_prefix(5);
            if (!line.empty() && line.front() == ' ')
                line.remove_prefix(1);
            data += (data.empty() ? "" : "\n") + std::string(line);
        }
        at = end + 1;
    }
    if (!data.empty())
        add(data);
    return out;
}

std::int64_t number(const json &o, const char *key)
{
    // A provider's count, within what a count can be (a huge or negative one is none).
    const json *v = JsonLookup::find(o, key);
    if (!v || !v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > (1ULL << 40)))
        return 0;
    return std::clamp<std::int64_t>(v->get<std::int64_t>(), 0, std::int64_t{1} << 40);
}

// A tool's input as the model wrote it: JSON when it is (the one strict
// reader: the provider's text is not trusted either), else the text.
json inputOf(const std::string &text)
{
    auto parsed = WireJson::parse(text, {64 * 1024, 64});
    return parsed ? std::move(*parsed) : json(text.substr(0, 4096));
}

void readAnthropic(const std::vector<json> &docs, ModelTurn &t)
{
    std::map<std::int64_t, std::pair<std::string, std::string>> streamed; // block -> name, partial input
    for (const json &d : docs) {
        const std::string type = JsonLookup::stringOr(d, "type");
        if (type == "message") { // not streamed: the whole message
            if (const json *content = JsonLookup::find(d, "content"); content && content->is_array())
                for (const json &block : *content)
                    if (JsonLookup::stringOr(block, "type") == "tool_use" &&
                        t.toolUses.size() < ModelTurn::kMaxToolUses)
                        t.toolUses.push_back(
                            {JsonLookup::stringOr(block, "name"),
                             JsonLookup::find(block, "input") ? *JsonLookup::find(block, "input") : json::object()});
            t.stopReason = JsonLookup::stringOr(d, "stop_reason");
            if (const json *usage = JsonLookup::find(d, "usage")) {
                t.inputTokens = number(*usage, "input_tokens");
                t.outputTokens = number(*usage, "output_tokens");
            }
        } else if (type == "message_start") {
            if (const json *m = JsonLookup::find(d, "message"))
                if (const json *usage = JsonLookup::find(*m, "usage"))
                    t.inputTokens = number(*usage, "input_tokens");
        } else if (type == "content_block_start") {
            if (const json *block = JsonLookup::find(d, "content_block");
                block && JsonLookup::stringOr(*block, "type") == "tool_use" &&
                streamed.size() < ModelTurn::kMaxToolUses)
                streamed[number(d, "index")] = {JsonLookup::stringOr(*block, "name"), {}};
        } else if (type == "content_block_delta") {
            const json *delta = JsonLookup::find(d, "delta");
            auto it = streamed.find(number(d, "index"));
            if (delta && it != streamed.end() && it->second.second.size() < 64 * 1024)
                it->second.second += JsonLookup::stringOr(*delta, "partial_json");
        } else if (type == "message_delta") {
            if (const json *delta = JsonLookup::find(d, "delta"))
                t.stopReason = JsonLookup::stringOr(*delta, "stop_reason");
            if (const json *usage = JsonLookup::find(d, "usage"))
                t.outputTokens = number(*usage, "output_tokens");
        }
    }
    for (const auto &[index, use] : streamed)
        t.toolUses.push_back({use.first, use.second.empty() ? json::object() : inputOf(use.second)});
}

void readOpenAI(const std::vector<json> &docs, ModelTurn &t)
{
    for (const json &d : docs) {
        // Responses: the completed response (streamed) or the response itself.
        const json *response = JsonLookup::stringOr(d, "type") == "response.completed" ? JsonLookup::find(d, "response")
                               : JsonLookup::stringOr(d, "object") == "response"       ? &d
                                                                                       : nullptr;
        if (response) {
            t.stopReason = JsonLookup::stringOr(*response, "status");
            if (const json *output = JsonLookup::find(*response, "output"); output && output->is_array())
                for (const json &item : *output)
                    if (JsonLookup::stringOr(item, "type") == "function_call" &&
                        t.toolUses.size() < ModelTurn::kMaxToolUses) {
                        const std::string ns = JsonLookup::stringOr(item, "namespace");
                        t.toolUses.push_back({(ns.empty() ? "" : ns + "/") + JsonLookup::stringOr(item, "name"),
                                              inputOf(JsonLookup::stringOr(item, "arguments"))});
                    }
            if (const json *usage = JsonLookup::find(*response, "usage")) {
                t.inputTokens = number(*usage, "input_tokens");
                t.outputTokens = number(*usage, "output_tokens");
            }
            continue;
        }
        // Chat Completions: each choice's message (or streamed delta).
        if (const json *choices = JsonLookup::find(d, "choices"); choices && choices->is_array())
            for (const json &choice : *choices) {
                if (std::string reason = JsonLookup::stringOr(choice, "finish_reason"); !reason.empty())
                    t.stopReason = reason;
                const json *message = JsonLookup::find(choice, "message");
                if (!message)
                    message = JsonLookup::find(choice, "delta");
                const json *calls = message ? JsonLookup::find(*message, "tool_calls") : nullptr;
                if (calls && calls->is_array())
                    for (const json &call : *calls)
                        if (const json *f = JsonLookup::find(call, "function");
                            f && !JsonLookup::stringOr(*f, "name").empty() &&
                            t.toolUses.size() < ModelTurn::kMaxToolUses)
                            t.toolUses.push_back(
                                {JsonLookup::stringOr(*f, "name"), inputOf(JsonLookup::stringOr(*f, "arguments"))});
            }
        if (const json *usage = JsonLookup::find(d, "usage")) {
            t.inputTokens = std::max(t.inputTokens, number(*usage, "prompt_tokens"));
            t.outputTokens = std::max(t.outputTokens, number(*usage, "completion_tokens"));
        }
    }
}

void readGemini(const std::vector<json> &docs, ModelTurn &t)
{
    for (const json &d : docs) {
        if (const json *candidates = JsonLookup::find(d, "candidates"); candidates && candidates->is_array())
            for (const json &c : *candidates) {
                if (std::string reason = JsonLookup::stringOr(c, "finishReason"); !reason.empty())
                    t.stopReason = reason;
                const json *content = JsonLookup::find(c, "content");
                const json *parts = content ? JsonLookup::find(*content, "parts") : nullptr;
                if (parts && parts->is_array())
                    for (const json &part : *parts)
                        if (const json *call = JsonLookup::find(part, "functionCall");
                            call && t.toolUses.size() < ModelTurn::kMaxToolUses)
                            t.toolUses.push_back(
                                {JsonLookup::stringOr(*call, "name"),
                                 JsonLookup::find(*call, "args") ? *JsonLookup::find(*call, "args") : json::object()});
            }
        if (const json *usage = JsonLookup::find(d, "usageMetadata")) {
            t.inputTokens = std::max(t.inputTokens, number(*usage, "promptTokenCount"));
            t.outputTokens = std::max(t.outputTokens, number(*usage, "candidatesTokenCount"));
        }
    }
}

} // namespace

ModelTurn ModelTurn::read(ModelApi api, std::string_view contentType, std::string_view bytes)
{
    ModelTurn t;
    const std::vector<json> docs = documents(contentType, bytes);
    switch (api) {
    case ModelApi::Anthropic: readAnthropic(docs, t); break;
    case ModelApi::OpenAI: readOpenAI(docs, t); break;
    case ModelApi::Gemini: readGemini(docs, t); break;
    }
    return t;
}

json ModelTurn::toJson() const
{
    json uses = json::array();
    for (const ToolUse &u : toolUses)
        uses.push_back({{"name", u.name}, {"input", u.input}});
    return {{"tool_uses", uses},
            {"stop_reason", stopReason},
            {"input_tokens", inputTokens},
            {"output_tokens", outputTokens}};
}

} // namespace warden
