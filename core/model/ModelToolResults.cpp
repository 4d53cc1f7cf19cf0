#include "core/model/ModelToolResults.h"

#include "core/json/JsonLookup.h"
#include "core/judge/InjectionCues.h"

#include <algorithm>

namespace warden {

using nlohmann::json;

namespace {

// A result's text: a string, or the text parts of a list of content blocks,
// or (a Gemini response object) its JSON. At most `limit` bytes are kept;
// `bytes` counts them all.
void resultText(const json &content, std::string &out, std::int64_t &bytes, std::size_t limit, int depth = 0)
{
    auto keep = [&](const std::string &text) {
        bytes += static_cast<std::int64_t>(text.size());
        if (out.size() < limit)
            out.append(text, 0, limit - out.size());
    };
    if (depth > 4)
        return;
    if (content.is_string()) {
        keep(content.get_ref<const std::string &>());
    } else if (content.is_array()) {
        for (const json &block : content)
            if (const json *text = block.is_object() ? JsonLookup::find(block, "text") : nullptr;
                text && text->is_string())
                keep(text->get_ref<const std::string &>());
            else if (block.is_object())
                if (const json *inner = JsonLookup::find(block, "content"))
                    resultText(*inner, out, bytes, limit, depth + 1);
    } else if (content.is_object()) {
        // {"output": "..."} (Gemini, some Responses outputs) reads as its text.
        for (const char *key : {"output", "content", "text", "result"})
            if (const json *inner = JsonLookup::find(content, key)) {
                resultText(*inner, out, bytes, limit, depth + 1);
                return;
            }
        keep(content.dump(-1, ' ', false, json::error_handler_t::replace));
    }
}

// Cuts `text` to at most `size` bytes from `from`, on UTF-8 boundaries.
std::string excerptOf(const std::string &text, std::size_t from, std::size_t size)
{
    auto continuation = [&](std::size_t i) {
        return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    while (from > 0 && continuation(from))
        --from;
    std::size_t end = std::min(text.size(), from + size);
    while (end > from && continuation(end))
        --end;
    return text.substr(from, end - from);
}

class ResultCollector {
public:
    explicit ResultCollector(const ModelToolResults::Redact &redact) : m_redact(redact) {}
    void add(const std::string &tool, const json &content)
    {
        if (m_out.size() >= Action::kMaxResults)
            return;
        Action::ToolResult r;
        r.tool = tool.substr(0, 256);
        std::string text;
        const std::size_t limit =
            std::min(ModelToolResults::kMaxScannedEach, ModelToolResults::kMaxScannedTotal - m_scanned);
        resultText(content, text, r.bytes, limit);
        m_scanned += text.size();
        if (m_redact) {
            m_redact(text);
            m_redact(r.tool);
        }
        const std::vector<InjectionCues::Cue> cues = InjectionCues::find(text);
        for (const auto &c : cues)
            r.cues.push_back(c.name);
        if (cues.empty()) {
            r.excerpt = excerptOf(text, 0, ModelToolResults::kPlainExcerpt);
        } else {
            // The excerptOf around the first strong sign (else the first sign),
            // with a little before it for context.
            auto lead = std::find_if(cues.begin(), cues.end(), [](const auto &c) { return c.strong; });
            const std::size_t at = (lead != cues.end() ? lead : cues.begin())->at;
            r.excerpt = excerptOf(text, at > 120 ? at - 120 : 0, Action::kMaxExcerpt);
        }
        m_out.push_back(std::move(r));
    }
    std::vector<Action::ToolResult> take() { return std::move(m_out); }

private:
    std::vector<Action::ToolResult> m_out;
    std::size_t m_scanned = 0;
    const ModelToolResults::Redact &m_redact;
};

const json *arrayField(const json &o, const char *key)
{
    const json *v = o.is_object() ? JsonLookup::find(o, key) : nullptr;
    return v && v->is_array() ? v : nullptr;
}

void anthropicResults(const json &body, ResultCollector &c)
{
    const json *messages = arrayField(body, "messages");
    if (!messages || messages->empty())
        return;
    const json &last = messages->back();
    const json *content = arrayField(last, "content");
    if (!content || JsonLookup::stringOr(last, "role") != "user")
        return;
    auto nameOf = [&](const std::string &id) -> std::string {
        for (auto m = messages->rbegin(); m != messages->rend(); ++m)
            if (const json *blocks = arrayField(*m, "content"))
                for (const json &b : *blocks)
                    if (b.is_object() && JsonLookup::stringOr(b, "type") == "tool_use" &&
                        JsonLookup::stringOr(b, "id") == id)
                        return JsonLookup::stringOr(b, "name");
        return id;
    };
    for (const json &block : *content)
        if (block.is_object() && JsonLookup::stringOr(block, "type") == "tool_result")
            c.add(nameOf(JsonLookup::stringOr(block, "tool_use_id")),
                  JsonLookup::find(block, "content") ? *JsonLookup::find(block, "content") : json(""));
}

void responsesResults(const json &input, ResultCollector &c)
{
    // The trailing outputs: from the end back to the first item that is not one.
    auto isOutput = [](const json &item) {
        const std::string type = item.is_object() ? JsonLookup::stringOr(item, "type") : std::string();
        return type == "function_call_output" || type == "custom_tool_call_output";
    };
    auto first = input.end();
    while (first != input.begin() && isOutput(*(first - 1)))
        --first;
    auto nameOf = [&](const std::string &callId) -> std::string {
        for (const json &item : input)
            if (item.is_object() && JsonLookup::stringOr(item, "call_id") == callId && !isOutput(item))
                return JsonLookup::stringOr(item, "name");
        return callId;
    };
    for (auto it = first; it != input.end(); ++it)
        c.add(nameOf(JsonLookup::stringOr(*it, "call_id")),
              JsonLookup::find(*it, "output") ? *JsonLookup::find(*it, "output") : json(""));
}

void chatResults(const json &messages, ResultCollector &c)
{
    auto first = messages.end();
    while (first != messages.begin() && (first - 1)->is_object() &&
           JsonLookup::stringOr(*(first - 1), "role") == "tool")
        --first;
    auto nameOf = [&](const std::string &id) -> std::string {
        for (const json &m : messages)
            if (const json *calls = arrayField(m, "tool_calls"))
                for (const json &call : *calls)
                    if (call.is_object() && JsonLookup::stringOr(call, "id") == id)
                        if (const json *f = JsonLookup::find(call, "function"))
                            return JsonLookup::stringOr(*f, "name");
        return id;
    };
    for (auto it = first; it != messages.end(); ++it)
        c.add(nameOf(JsonLookup::stringOr(*it, "tool_call_id")),
              JsonLookup::find(*it, "content") ? *JsonLookup::find(*it, "content") : json(""));
}

void geminiResults(const json &body, ResultCollector &c)
{
    const json *contents = arrayField(body, "contents");
    if (!contents || contents->empty())
        return;
    const json *parts = arrayField(contents->back(), "parts");
    if (!parts)
        return;
    for (const json &part : *parts)
        if (const json *response = part.is_object() ? JsonLookup::find(part, "functionResponse") : nullptr;
            response && response->is_object())
            c.add(JsonLookup::stringOr(*response, "name"),
                  JsonLookup::find(*response, "response") ? *JsonLookup::find(*response, "response") : json(""));
}

} // namespace

std::vector<Action::ToolResult> ModelToolResults::read(ModelApi api, const json &body, const Redact &redact)
{
    ResultCollector c(redact);
    if (!body.is_object())
        return {};
    switch (api) {
    case ModelApi::Anthropic: anthropicResults(body, c); break;
    case ModelApi::OpenAI:
        if (const json *input = arrayField(body, "input"))
            responsesResults(*input, c);
        else if (const json *messages = arrayField(body, "messages"))
            chatResults(*messages, c);
        break;
    case ModelApi::Gemini: geminiResults(body, c); break;
    }
    return c.take();
}

} // namespace warden
