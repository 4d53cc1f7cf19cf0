#include "core/judge/CanaryScanner.h"

#include <QCryptographicHash>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace warden {

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes)
{
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kBase64[(acc >> bits) & 0x3f];
        }
    }
    if (bits > 0)
        out += kBase64[(acc << (6 - bits)) & 0x3f];
    return out;
}

// The base64 characters that depend on `value` alone when it starts `shift`
// bytes into the encoded data: the same whatever surrounds it.
std::string base64Core(std::string_view value, int shift)
{
    const std::string padded = std::string(static_cast<std::size_t>(shift), '\0') + std::string(value);
    const std::string encoded = base64(padded);
    const std::size_t first = (static_cast<std::size_t>(shift) * 8 + 5) / 6;
    const std::size_t endBit = (static_cast<std::size_t>(shift) + value.size()) * 8;
    const std::size_t last = endBit / 6; // one past the last whole character
    if (last <= first)
        return {};
    return encoded.substr(first, last - first);
}

std::string hexLower(std::string_view value)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : value) {
        out += digits[c >> 4];
        out += digits[c & 0xf];
    }
    return out;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Percent-decoding, repeated while it changes something (double encoding),
// at most three rounds.
std::string percentDecoded(std::string_view text)
{
    std::string current(text);
    for (int round = 0; round < 3 && current.find('%') != std::string::npos; ++round) {
        std::string out;
        out.reserve(current.size());
        for (std::size_t i = 0; i < current.size(); ++i) {
            if (current[i] == '%' && i + 2 < current.size() && hexValue(current[i + 1]) >= 0 &&
                hexValue(current[i + 2]) >= 0) {
                out += static_cast<char>(hexValue(current[i + 1]) * 16 + hexValue(current[i + 2]));
                i += 2;
            } else {
                out += current[i];
            }
        }
        if (out == current)
            break;
        current = std::move(out);
    }
    return current;
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

// Backslash escapes as JSON, JavaScript and Python strings write them:
// "\u0041KIA…" in a JSON body is the canary to whoever parses it. \uXXXX and
// \xHH become their characters, \/ a slash; anything else stays as written.
std::string backslashDecoded(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    const auto hexAt = [&](std::size_t at, std::size_t digits) {
        if (at + digits > text.size())
            return -1L;
        long v = 0;
        for (std::size_t k = 0; k < digits; ++k) {
            const int d = hexValue(text[at + k]);
            if (d < 0)
                return -1L;
            v = v * 16 + d;
        }
        return v;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char kind = text[i + 1];
            if (kind == 'u') {
                if (const long v = hexAt(i + 2, 4); v >= 0) {
                    appendUtf8(out, static_cast<std::uint32_t>(v));
                    i += 5;
                    continue;
                }
            } else if (kind == 'x') {
                if (const long v = hexAt(i + 2, 2); v >= 0) {
                    out += static_cast<char>(v);
                    i += 3;
                    continue;
                }
            } else if (kind == '/') {
                out += '/';
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace

CanaryScanner::CanaryScanner(const std::vector<Canary> &canaries)
{
    for (const auto &c : canaries) {
        if (c.value.size() < 8)
            continue;
        Entry e;
        e.name = c.name;
        const QByteArray digest =
            QCryptographicHash::hash(QByteArray::fromStdString(c.value), QCryptographicHash::Sha256).toHex().left(12);
        e.marker = "[canary " + c.name + " sha256:" + digest.toStdString() + "]";
        e.needles.push_back(c.value);
        for (int shift = 0; shift < 3; ++shift) {
            std::string core = base64Core(c.value, shift);
            if (core.size() < 8)
                continue;
            std::string url = core;
            std::replace(url.begin(), url.end(), '+', '-');
            std::replace(url.begin(), url.end(), '/', '_');
            e.needles.push_back(core);
            if (url != core)
                e.needles.push_back(url);
        }
        e.lowerNeedles.push_back(hexLower(c.value));
        m_entries.push_back(std::move(e));
    }
}

std::vector<std::string> CanaryScanner::find(std::string_view text) const
{
    std::vector<std::string> hits;
    if (m_entries.empty() || text.empty())
        return hits;
    const std::string lower = lowered(text);
    // The text as its reader would see it: backslash escapes, then percent
    // escapes (either may wrap the other once), undone.
    std::string decoded;
    if (text.find('\\') != std::string_view::npos)
        decoded = backslashDecoded(text);
    if (text.find('%') != std::string_view::npos)
        decoded = percentDecoded(decoded.empty() ? text : std::string_view(decoded));
    if (decoded.find('\\') != std::string::npos)
        decoded = backslashDecoded(decoded);
    for (const Entry &e : m_entries) {
        bool hit = false;
        for (const auto &n : e.needles)
            hit = hit || text.find(n) != std::string_view::npos ||
                  (!decoded.empty() && decoded.find(n) != std::string::npos);
        for (const auto &n : e.lowerNeedles)
            hit = hit || lower.find(n) != std::string::npos;
        if (hit)
            hits.push_back(e.name);
    }
    return hits;
}

namespace {

// Replaces each occurrence of `needle` in `text`; with `foldCase`, found in a
// lower-cased copy (the replacement keeps positions, so one copy per hit).
bool replaceAll(std::string &text, const std::string &needle, const std::string &marker, bool foldCase)
{
    bool changed = false;
    std::size_t from = 0;
    while (true) {
        const std::size_t at = foldCase ? lowered(text).find(needle, from) : text.find(needle, from);
        if (at == std::string::npos)
            return changed;
        text.replace(at, needle.size(), marker);
        from = at + marker.size();
        changed = true;
    }
}

} // namespace

bool CanaryScanner::redact(std::string &text) const
{
    if (find(text).empty())
        return false;
    for (const Entry &e : m_entries) {
        for (const auto &n : e.needles)
            replaceAll(text, n, e.marker, false);
        for (const auto &n : e.lowerNeedles)
            replaceAll(text, n, e.marker, true);
    }
    if (auto left = find(text); !left.empty()) {
        std::string names;
        for (const auto &name : left)
            names += (names.empty() ? "" : ", ") + name;
        text = "[redacted: holds the canary " + names + " in an encoded form]";
    }
    return true;
}

bool CanaryScanner::redact(nlohmann::json &value) const
{
    if (m_entries.empty())
        return false;
    bool changed = false;
    if (value.is_string()) {
        changed = redact(value.get_ref<std::string &>());
    } else if (value.is_array()) {
        for (auto &item : value)
            changed = redact(item) || changed;
    } else if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto &[key, item] : value.items()) {
            std::string k = key;
            changed = redact(k) || changed;
            changed = redact(item) || changed;
            out[k] = std::move(item);
        }
        value = std::move(out);
    }
    return changed;
}

void CanaryScanner::redact(Action &action) const
{
    redact(action.params);
    for (std::string *text : {&action.justification, &action.host, &action.url, &action.name, &action.path,
                              &action.mcp.requestId, &action.mcp.session, &action.mcp.protocol})
        redact(*text);
    for (auto &word : action.argv)
        redact(word);
    for (auto &word : action.withheld)
        redact(word);
    for (auto &result : action.results) { // a tool result that quoted a credentials file back
        redact(result.excerpt);
        redact(result.tool);
    }
}

} // namespace warden
