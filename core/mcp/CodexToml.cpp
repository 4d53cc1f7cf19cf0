#include "core/mcp/CodexToml.h"

#include <cstdint>
#include <set>
#include <vector>

namespace warden::CodexToml {

namespace {

constexpr std::size_t kMaxBytes = 1024 * 1024;
constexpr int kMaxDepth = 32;

class Reader {
    using json = nlohmann::json;

public:
    Reader(std::string_view text, std::string file) : m_text(text), m_file(std::move(file)) {}

    Result<json> document()
    {
        json root = json::object();
        json *table = &root;
        while (skipSpaceAndComments(true), !atEnd()) {
            if (peek() == '[') {
                if (m_text.substr(m_pos, 2) == "[[")
                    return error("arrays of tables ([[...]]) are not read here");
                ++m_pos;
                std::vector<std::string> path;
                if (!keyPath(path))
                    return failure();
                skipSpace();
                if (!consume(']'))
                    return error("a table header ends with ]");
                std::string joined;
                for (const auto &p : path)
                    joined += p + '\x1f';
                if (!m_tables.insert(joined).second)
                    return error("the table [" + dotted(path) + "] is opened twice");
                table = &root;
                for (const auto &part : path) {
                    json &next = (*table)[part];
                    if (next.is_null())
                        next = json::object();
                    if (!next.is_object())
                        return error("[" + dotted(path) + "] names a key that is not a table");
                    table = &next;
                }
            } else if (!keyValue(*table, 0)) {
                return failure();
            }
            if (!endOfLine())
                return error("expected the end of the line");
        }
        return root;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(std::size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    int line() const
    {
        int n = 1;
        for (std::size_t i = 0; i < m_pos && i < m_text.size(); ++i)
            n += m_text[i] == '\n';
        return n;
    }
    Result<json> error(const std::string &why)
    {
        m_error = why;
        return failure();
    }
    Result<json> failure() const { return fail(m_error, {}, line(), m_file); }
    bool bad(const std::string &why)
    {
        if (m_error.empty())
            m_error = why;
        return false;
    }
    static std::string dotted(const std::vector<std::string> &path)
    {
        std::string out;
        for (const auto &p : path)
            out += (out.empty() ? "" : ".") + p;
        return out;
    }
    void skipSpace()
    {
        while (peek() == ' ' || peek() == '\t')
            ++m_pos;
    }
    void skipSpaceAndComments(bool newlines)
    {
        for (;;) {
            skipSpace();
            if (peek() == '#')
                while (!atEnd() && peek() != '\n')
                    ++m_pos;
            if (newlines && (peek() == '\n' || peek() == '\r')) {
                ++m_pos;
                continue;
            }
            return;
        }
    }
    bool endOfLine()
    {
        skipSpaceAndComments(false);
        if (atEnd())
            return true;
        if (peek() == '\r')
            ++m_pos;
        return consume('\n');
    }

    bool key(std::string &out)
    {
        if (peek() == '"')
            return basicString(out);
        if (peek() == '\'')
            return literalString(out);
        const std::size_t start = m_pos;
        while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_' || peek() == '-')
            ++m_pos;
        if (m_pos == start)
            return bad("expected a key");
        out = std::string(m_text.substr(start, m_pos - start));
        return true;
    }
    bool keyPath(std::vector<std::string> &path)
    {
        for (;;) {
            skipSpace();
            std::string part;
            if (!key(part))
                return false;
            path.push_back(std::move(part));
            if (path.size() > static_cast<std::size_t>(kMaxDepth))
                return bad("a key nested deeper than " + std::to_string(kMaxDepth));
            skipSpace();
            if (!consume('.'))
                return true;
        }
    }
    bool keyValue(json &table, int depth)
    {
        std::vector<std::string> path;
        if (!keyPath(path))
            return false;
        skipSpace();
        if (!consume('='))
            return bad("expected = after the key " + dotted(path));
        skipSpace();
        json value;
        if (!parseValue(value, depth))
            return false;
        json *into = &table;
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            json &next = (*into)[path[i]];
            if (next.is_null())
                next = json::object();
            if (!next.is_object())
                return bad("the key " + dotted(path) + " goes through a value that is not a table");
            into = &next;
        }
        if (into->contains(path.back()))
            return bad("the key " + dotted(path) + " is given twice");
        (*into)[path.back()] = std::move(value);
        return true;
    }

    bool parseValue(json &out, int depth)
    {
        if (depth > kMaxDepth)
            return bad("nested deeper than " + std::to_string(kMaxDepth));
        const char c = peek();
        std::string text;
        if (m_text.substr(m_pos, 3) == "\"\"\"") {
            if (!multiLine(text, true))
                return false;
            out = text;
            return true;
        }
        if (m_text.substr(m_pos, 3) == "'''") {
            if (!multiLine(text, false))
                return false;
            out = text;
            return true;
        }
        if (c == '"') {
            if (!basicString(text))
                return false;
            out = text;
            return true;
        }
        if (c == '\'') {
            if (!literalString(text))
                return false;
            out = text;
            return true;
        }
        if (c == '[')
            return array(out, depth);
        if (c == '{')
            return inlineTable(out, depth);
        if (m_text.substr(m_pos, 4) == "true") {
            m_pos += 4;
            out = true;
            return true;
        }
        if (m_text.substr(m_pos, 5) == "false") {
            m_pos += 5;
            out = false;
            return true;
        }
        return number(out);
    }
    bool number(json &out)
    {
        const std::size_t start = m_pos;
        while (!atEnd() && (std::isalnum(static_cast<unsigned char>(peek())) ||
                            std::string_view("+-._:").find(peek()) != std::string_view::npos))
            ++m_pos;
        std::string token(m_text.substr(start, m_pos - start));
        if (token.empty())
            return bad("expected a value");
        if (token.size() >= 10 && std::isdigit(static_cast<unsigned char>(token[0])) && token[4] == '-')
            return bad("dates are not read here");
        std::string digits;
        for (char d : token)
            if (d != '_')
                digits += d;
        try {
            std::size_t used = 0;
            if (digits.starts_with("0x") || digits.starts_with("0o") || digits.starts_with("0b")) {
                const int base = digits[1] == 'x' ? 16 : digits[1] == 'o' ? 8 : 2;
                const long long v = std::stoll(digits.substr(2), &used, base);
                if (used + 2 != digits.size())
                    return bad("not a number: " + token);
                out = v;
                return true;
            }
            if (digits.find_first_of(".eE") == std::string::npos && digits != "inf" && digits != "nan") {
                const long long v = std::stoll(digits, &used, 10);
                if (used != digits.size())
                    return bad("not a number: " + token);
                out = v;
                return true;
            }
            const double v = std::stod(digits, &used);
            if (used != digits.size())
                return bad("not a number: " + token);
            out = v;
            return true;
        } catch (...) { // std::sto* say "not a number" by throwing
            return bad("not a number: " + token);
        }
    }
    bool array(json &out, int depth)
    {
        ++m_pos; // [
        out = json::array();
        for (;;) {
            skipSpaceAndComments(true);
            if (consume(']'))
                return true;
            json item;
            if (!parseValue(item, depth + 1))
                return false;
            out.push_back(std::move(item));
            skipSpaceAndComments(true);
            if (consume(','))
                continue;
            skipSpaceAndComments(true);
            if (consume(']'))
                return true;
            return bad("an array's values are separated by commas and end with ]");
        }
    }
    bool inlineTable(json &out, int depth)
    {
        ++m_pos; // {
        out = json::object();
        skipSpace();
        if (consume('}'))
            return true;
        for (;;) {
            skipSpace();
            if (!keyValue(out, depth + 1))
                return false;
            skipSpace();
            if (consume('}'))
                return true;
            if (!consume(','))
                return bad("an inline table's keys are separated by commas and end with }");
        }
    }
    bool literalString(std::string &out)
    {
        ++m_pos; // '
        const std::size_t end = m_text.find_first_of("'\n", m_pos);
        if (end == std::string_view::npos || m_text[end] != '\'')
            return bad("a string that does not end on its line");
        out = std::string(m_text.substr(m_pos, end - m_pos));
        m_pos = end + 1;
        return true;
    }
    bool basicString(std::string &out)
    {
        ++m_pos; // "
        out.clear();
        while (!atEnd() && peek() != '"') {
            if (peek() == '\n')
                return bad("a string that does not end on its line");
            if (peek() == '\\') {
                if (!escape(out))
                    return false;
                continue;
            }
            out += m_text[m_pos++];
        }
        if (!consume('"'))
            return bad("a string that does not end");
        return true;
    }
    bool multiLine(std::string &out, bool basic)
    {
        const std::string_view fence = basic ? "\"\"\"" : "'''";
        m_pos += 3;
        if (peek() == '\r')
            ++m_pos;
        if (peek() == '\n')
            ++m_pos; // a newline right after the opening is not part of it
        out.clear();
        while (!atEnd()) {
            if (m_text.substr(m_pos, 3) == fence) {
                m_pos += 3;
                while (peek() == fence[0] && out.size() < 2) { // up to two quotes may end the text
                    out += fence[0];
                    ++m_pos;
                }
                return true;
            }
            if (basic && peek() == '\\') {
                // A backslash at a line's end joins the next line's text.
                std::size_t after = m_pos + 1;
                while (after < m_text.size() && (m_text[after] == ' ' || m_text[after] == '\t'))
                    ++after;
                if (after < m_text.size() && (m_text[after] == '\n' || m_text[after] == '\r')) {
                    m_pos = after;
                    while (!atEnd() && std::isspace(static_cast<unsigned char>(peek())))
                        ++m_pos;
                    continue;
                }
                if (!escape(out))
                    return false;
                continue;
            }
            out += m_text[m_pos++];
        }
        return bad("a multi-line string that does not end");
    }
    bool escape(std::string &out)
    {
        ++m_pos; // backslash
        const char e = peek();
        ++m_pos;
        switch (e) {
        case 'b': out += '\b'; return true;
        case 't': out += '\t'; return true;
        case 'n': out += '\n'; return true;
        case 'f': out += '\f'; return true;
        case 'r': out += '\r'; return true;
        case '"': out += '"'; return true;
        case '\\': out += '\\'; return true;
        case 'u':
        case 'U': {
            const std::size_t n = e == 'u' ? 4 : 8;
            if (m_pos + n > m_text.size())
                return bad("a \\u escape needs its hex digits");
            std::uint32_t cp = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const char h = m_text[m_pos + i];
                const int v = std::isdigit(static_cast<unsigned char>(h)) ? h - '0'
                              : (h >= 'a' && h <= 'f')                    ? h - 'a' + 10
                              : (h >= 'A' && h <= 'F')                    ? h - 'A' + 10
                                                                          : -1;
                if (v < 0)
                    return bad("a \\u escape needs its hex digits");
                cp = cp * 16 + static_cast<std::uint32_t>(v);
            }
            m_pos += n;
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return bad("a \\u escape that is not a character");
            // UTF-8.
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
            return true;
        }
        default: return bad(std::string("an unknown escape \\") + e);
        }
    }

    std::string_view m_text;
    std::string m_file;
    std::size_t m_pos = 0;
    std::string m_error;
    std::set<std::string> m_tables;
};

} // namespace

Result<nlohmann::json> parse(std::string_view text, const std::string &file)
{
    if (text.size() > kMaxBytes)
        return fail("larger than 1 MiB", {}, 0, file);
    Reader reader(text, file);
    return reader.document();
}

std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char *hex = "0123456789ABCDEF";
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

} // namespace warden::CodexToml
