#include "core/json/WireJson.h"

#include <vector>

namespace warden::WireJson {

namespace {

// Builds the tree from SAX events with an explicit stack, so the depth is
// checked as each container opens and nothing here recurses.
class Builder {
public:
    using json = nlohmann::json;

    explicit Builder(std::size_t maxDepth) : m_maxDepth(maxDepth) {}

    bool null() { return put(json(nullptr)); }
    bool boolean(bool v) { return put(json(v)); }
    bool number_integer(json::number_integer_t v) { return put(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
    bool number_float(json::number_float_t v, const std::string &) { return put(json(v)); }
    bool string(std::string &v) { return put(json(std::move(v))); }
    bool binary(json::binary_t &) { return refuse("binary values are not JSON"); }
    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string &k)
    {
        Frame &f = m_stack.back();
        if (f.node->contains(k))
            return refuse("duplicate key \"" + k + "\"", pointerTo(k));
        f.key = std::move(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &)
    {
        if (m_error.empty())
            m_error = "not valid JSON (at byte " + std::to_string(position) + ")";
        return false;
    }

    json take() { return std::move(m_root); }
    const std::string &error() const { return m_error; }
    const std::string &errorField() const { return m_field; }

private:
    struct Frame {
        json *node;
        std::string key; // the pending key, in an object
    };

    bool refuse(std::string message, std::string field = {})
    {
        m_error = std::move(message);
        m_field = std::move(field);
        return false;
    }

    std::string pointerTo(const std::string &key) const
    {
        std::string escaped;
        for (char c : key)
            escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
        return "/" + escaped;
    }

    json *insert(json v)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        Frame &f = m_stack.back();
        if (f.node->is_object())
            return &((*f.node)[f.key] = std::move(v));
        f.node->push_back(std::move(v));
        return &f.node->back();
    }

    bool put(json v)
    {
        insert(std::move(v));
        return true;
    }

    bool open(json container)
    {
        if (m_stack.size() >= m_maxDepth)
            return refuse("nested deeper than " + std::to_string(m_maxDepth) + " levels");
        m_stack.push_back({insert(std::move(container)), {}});
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return true;
    }

    std::size_t m_maxDepth;
    json m_root;
    std::vector<Frame> m_stack;
    std::string m_error;
    std::string m_field;
};

} // namespace

Result<nlohmann::json> parse(std::string_view text, Limits limits)
{
    if (text.size() > limits.maxBytes)
        return fail("longer than " + std::to_string(limits.maxBytes) + " bytes");
    Builder builder(limits.maxDepth);
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json, true, false);
    } catch (const std::exception &e) {
        // Exception firewall: nothing from the library leaves as a throw.
        return fail(std::string("not valid JSON: ") + e.what());
    }
    if (!ok)
        return fail(builder.error().empty() ? std::string("not valid JSON") : builder.error(), builder.errorField());
    return builder.take();
}

bool nestingWithin(std::string_view text, std::size_t maxDepth)
{
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

nlohmann::json parseStored(std::string_view text)
{
    if (!nestingWithin(text, 128))
        return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

} // namespace warden::WireJson
