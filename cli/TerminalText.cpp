#include "cli/TerminalText.h"

#include <cstdio>

namespace warden::TerminalText {

namespace {

std::string hexEscape(unsigned char byte)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", byte);
    return buf;
}

// Length of the well-formed UTF-8 sequence at `i`, or 0.
std::size_t sequenceLength(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80)
            return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 > 0x9f) || (b == 0xf0 && b1 < 0x90) || (b == 0xf4 && b1 > 0x8f))
        return 0; // overlong, surrogate or beyond U+10FFFF
    return n;
}

} // namespace

std::string printable(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == '\n')
                out += "\\n";
            else if (b == '\t')
                out += "\\t";
            else if (b == '\r')
                out += "\\r";
            else if (b < 0x20 || b == 0x7f)
                out += hexEscape(b);
            else
                out += static_cast<char>(b);
            ++i;
            continue;
        }
        const std::size_t n = sequenceLength(text, i);
        if (n == 0) {
            out += hexEscape(b);
            ++i;
            continue;
        }
        const auto b1 = static_cast<unsigned char>(text[i + 1]);
        if (n == 2 && b == 0xc2 && b1 <= 0x9f) { // C1 controls U+0080..U+009F
            char buf[12];
            std::snprintf(buf, sizeof buf, "\\u{%x}", b1);
            out += buf;
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

} // namespace warden::TerminalText
