#include "core/model/ModelToolResults.h"

#include "core/json/JsonLookup.h"
#include "core/judge/InjectionCues.h"

#include <algorithm>
#include <map>

namespace warden {

using nlohmann::json;

namespace {

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

// What is read of one result: its opening and its end (padding put before
// instructions does not hide them), each string redacted whole before any
// of it is kept, so that no secret is cut in half and kept.
class ResultText {
public:
    ResultText(std::size_t headLimit, const ModelToolResults::Redact &redact)
        : m_headLimit(headLimit), m_tailLimit(headLimit / 4), m_redact(redact)
    {}
    std::int64_t bytes = 0;

    void read(const json &content, int depth = 0)
    {
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
                        read(*inner, depth + 1);
        } else if (content.is_object()) {
            // {"output": "..."} (Gemini, some Responses outputs) reads as its text.
            for (const char *key : {"output", "content", "text", "result"})
                if (const json *inner = JsonLookup::find(content, key)) {
                    read(*inner, depth + 1);
                    return;
                }
            keep(content.dump(-1, ' ', false, json::error_handler_t::replace));
        }
    }
    // The head, and the tail after a line that says text was left out.
    std::string text() const
    {
        if (m_tail.empty())
            return m_head;
        const std::size_t from = m_tail.size() > m_tailLimit ? m_tail.size() - m_tailLimit : 0;
        return m_head + "\n[…]\n" + excerptOf(m_tail, from, m_tailLimit);
    }

private:
    void keep(const std::string &original)
    {
        bytes += static_cast<std::int64_t>(original.size());
        std::string text = original;
        if (m_redact)
            m_redact(text);
        if (m_head.size() < m_headLimit) {
            const std::string part = excerptOf(text, 0, m_headLimit - m_head.size());
            m_head += part;
            text.erase(0, part.size());
        }
        if (text.empty())
            return;
        m_tail += text;
        if (m_tail.size() > 2 * m_tailLimit)
            m_tail.erase(0, m_tail.size() - m_tailLimit);
    }

    std::size_t m_headLimit;
    std::size_t m_tailLimit;
    const ModelToolResults::Redact &m_redact;
    std::string m_head;
    std::string m_tail;
};

class ResultCollector {
public:
    explicit ResultCollector(const ModelToolResults::Redact &redact) : m_redact(redact) {}
    bool full() const { return m_out.size() >= Action::kMaxResults; }
    void add(const std::string &tool, const json &content)
    {
        if (full())
            return;
        Action::ToolResult r;
        std::string name = tool;
        if (m_redact)
            m_redact(name);
        r.tool = excerptOf(name, 0, 256);
        const std::size_t limit =
            std::min(ModelToolResults::kMaxScannedEach, ModelToolResults::kMaxScannedTotal - m_scanned);
        ResultText reader(limit, m_redact);
        reader.read(content);
        r.bytes = reader.bytes;
        const std::string text = reader.text();
        m_scanned += std::min(text.size(), limit);
        const std::vector<InjectionCues::Cue> cues = InjectionCues::find(text);
        for (const auto &c : cues)
            r.cues.push_back(c.name);
        if (cues.empty()) {
            r.excerpt = excerptOf(text, 0, ModelToolResults::kPlainExcerpt);
        } else {
            // The stretch around the first strong sign (else the first sign),
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

// Tool names by call id, read once from the whole conversation (at most
// 4,096 ids): each result then finds its tool without another pass.
class ToolNames {
public:
    void add(const std::string &id, const std::string &name)
    {
        if (!id.empty() && m_names.size() < 4096)
            m_names.emplace(id, name);
    }
    std::string of(const std::string &id) const
    {
        auto it = m_names.find(id);
        return it != m_names.end() ? it->second : id;
    }

private:
    std::map<std::string, std::string> m_names;
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
    ToolNames names;
    for (const json &m : *messages)
        if (const json *blocks = arrayField(m, "content"))
            for (const json &b : *blocks)
                if (b.is_object() && JsonLookup::stringOr(b, "type") == "tool_use")
                    names.add(JsonLookup::stringOr(b, "id"), JsonLookup::stringOr(b, "name"));
    for (const json &block : *content)
        if (!c.full() && block.is_object() && JsonLookup::stringOr(block, "type") == "tool_result")
            c.add(names.of(JsonLookup::stringOr(block, "tool_use_id")),
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
    ToolNames names;
    for (auto it = input.begin(); it != first; ++it)
        if (it->is_object())
            names.add(JsonLookup::stringOr(*it, "call_id"), JsonLookup::stringOr(*it, "name"));
    for (auto it = first; it != input.end() && !c.full(); ++it)
        c.add(names.of(JsonLookup::stringOr(*it, "call_id")),
              JsonLookup::find(*it, "output") ? *JsonLookup::find(*it, "output") : json(""));
}

void chatResults(const json &messages, ResultCollector &c)
{
    auto first = messages.end();
    while (first != messages.begin() && (first - 1)->is_object() &&
           JsonLookup::stringOr(*(first - 1), "role") == "tool")
        --first;
    ToolNames names;
    for (auto m = messages.begin(); m != first; ++m)
        if (const json *calls = arrayField(*m, "tool_calls"))
            for (const json &call : *calls)
                if (const json *f = call.is_object() ? JsonLookup::find(call, "function") : nullptr)
                    names.add(JsonLookup::stringOr(call, "id"), JsonLookup::stringOr(*f, "name"));
    for (auto it = first; it != messages.end() && !c.full(); ++it)
        c.add(names.of(JsonLookup::stringOr(*it, "tool_call_id")),
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
        if (c.full())
            break;
        else if (const json *response = part.is_object() ? JsonLookup::find(part, "functionResponse") : nullptr;
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
