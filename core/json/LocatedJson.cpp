#include "core/json/LocatedJson.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace warden {
// Named, not anonymous: LocatedJsonBuilder (a friend of LocatedJson, so not
// anonymous itself) holds a LineTable, and a unity build would otherwise
// warn that its field's type has internal linkage.
namespace located_json_detail {

constexpr std::size_t kMaxDepth = 64;

// Counts how many characters nlohmann's lexer has consumed, so SAX events can
// be mapped back to a byte offset (and from there to a line).
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = const char &;

    CountingIterator(const char *p, std::size_t *consumed) : m_p(p), m_consumed(consumed) {}
    reference operator*() const { return *m_p; }
    CountingIterator &operator++()
    {
        ++m_p;
        ++*m_consumed;
        return *this;
    }
    CountingIterator operator++(int)
    {
        auto copy = *this;
        ++*this;
        return copy;
    }
    bool operator==(const CountingIterator &o) const { return m_p == o.m_p; }
    bool operator!=(const CountingIterator &o) const { return m_p != o.m_p; }

private:
    const char *m_p;
    std::size_t *m_consumed;
};

class LineTable {
public:
    explicit LineTable(std::string_view text)
    {
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n')
                m_newlines.push_back(i);
    }
    // 1-based line of the character at `offset`; a newline belongs to the line it ends.
    int lineAt(std::size_t offset) const
    {
        auto it = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset);
        return static_cast<int>(it - m_newlines.begin()) + 1;
    }

private:
    std::vector<std::size_t> m_newlines;
};

} // namespace located_json_detail

using located_json_detail::CountingIterator;
using located_json_detail::kMaxDepth;
using located_json_detail::LineTable;

class LocatedJsonBuilder {
public:
    using json = nlohmann::json;

    LocatedJsonBuilder(LocatedJson &out, const LineTable &lines, const std::size_t &consumed, int lineOffset)
        : m_out(out), m_lines(lines), m_consumed(consumed), m_lineOffset(lineOffset)
    {}

    bool null() { return put(json(nullptr)); }
    bool boolean(bool v) { return put(json(v)); }
    bool number_integer(json::number_integer_t v) { return put(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
    bool number_float(json::number_float_t v, const std::string &) { return put(json(v)); }
    bool string(std::string &v) { return put(json(std::move(v))); }
    bool binary(json::binary_t &) { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) { return open(json::object()); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_array() { return close(); }

    bool key(std::string &k)
    {
        Frame &f = m_stack.back();
        if (f.node->contains(k)) {
            m_pointer = LocatedJson::child(f.pointer, k);
            return fail("duplicate key \"" + k + "\"");
        }
        f.key = std::move(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &ex)
    {
        std::string what = ex.what();
        // Drop nlohmann's "[json.exception...] parse error at line L, column C: " prefix:
        // we report the line ourselves, relative to the caller's file.
        if (auto colon = what.find(": "); what.rfind("[json.exception", 0) == 0 && colon != std::string::npos)
            what = what.substr(colon + 2);
        m_errorLine = lineAt(position == 0 ? 0 : position - 1);
        m_error = std::move(what);
        return false;
    }

    const std::string &error() const { return m_error; }
    int errorLine() const { return m_errorLine; }
    const std::string &errorPointer() const { return m_pointer; }

private:
    struct Frame {
        json *node;
        std::string pointer;
        std::string key;
        std::size_t index = 0;
    };

    int lineAt(std::size_t offset) const { return m_lines.lineAt(offset) + m_lineOffset; }
    int currentLine() const { return lineAt(m_consumed == 0 ? 0 : m_consumed - 1); }

    bool fail(std::string message)
    {
        m_error = std::move(message);
        m_errorLine = currentLine();
        return false;
    }

    // Inserts `v` at the current position and returns it with its pointer.
    std::pair<json *, std::string> insert(json v)
    {
        if (m_stack.empty()) {
            m_out.m_value = std::move(v);
            return {&m_out.m_value, std::string()};
        }
        Frame &f = m_stack.back();
        if (f.node->is_object()) {
            auto ptr = LocatedJson::child(f.pointer, f.key);
            json &slot = (*f.node)[f.key];
            slot = std::move(v);
            return {&slot, std::move(ptr)};
        }
        auto ptr = LocatedJson::child(f.pointer, f.index++);
        f.node->push_back(std::move(v));
        return {&f.node->back(), std::move(ptr)};
    }

    bool put(json v)
    {
        auto [node, ptr] = insert(std::move(v));
        m_out.m_lines.emplace(std::move(ptr), currentLine());
        return true;
    }

    bool open(json v)
    {
        if (m_stack.size() >= kMaxDepth)
            return fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        auto [node, ptr] = insert(std::move(v));
        m_out.m_lines.emplace(ptr, currentLine());
        m_stack.push_back(Frame{node, std::move(ptr), {}, 0});
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return true;
    }

    LocatedJson &m_out;
    const LineTable &m_lines;
    const std::size_t &m_consumed;
    int m_lineOffset;
    std::vector<Frame> m_stack;
    std::string m_error;
    std::string m_pointer;
    int m_errorLine = 0;
};

Result<LocatedJson> LocatedJson::parse(std::string_view text, std::string_view fileName, int lineOffset)
{
    LocatedJson out;
    LineTable lines(text);
    std::size_t consumed = 0;
    LocatedJsonBuilder builder(out, lines, consumed, lineOffset);
    bool ok = false;
    try {
        CountingIterator first(text.data(), &consumed);
        CountingIterator last(text.data() + text.size(), &consumed);
        ok = nlohmann::json::sax_parse(first, last, &builder);
    } catch (const std::exception &e) {
        return fail(e.what(), {}, 0, std::string(fileName));
    }
    if (!ok)
        return fail(builder.error().empty() ? std::string("invalid JSON") : builder.error(), builder.errorPointer(),
                    builder.errorLine(), std::string(fileName));
    return out;
}

int LocatedJson::lineOf(std::string_view pointer) const
{
    std::string p(pointer);
    while (true) {
        if (auto it = m_lines.find(p); it != m_lines.end())
            return it->second;
        if (p.empty())
            return 0;
        p.erase(p.rfind('/'));
    }
}

std::string LocatedJson::child(std::string_view pointer, std::string_view token)
{
    std::string out(pointer);
    out += '/';
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string LocatedJson::child(std::string_view pointer, std::size_t index)
{
    return std::string(pointer) + '/' + std::to_string(index);
}

} // namespace warden
