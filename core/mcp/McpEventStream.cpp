#include "core/mcp/McpEventStream.h"

#include <algorithm>
#include <utility>

namespace warden {

bool McpEventStream::feed(std::string_view bytes, std::vector<std::string> &messages)
{
    if (m_broken)
        return false;
    while (!bytes.empty()) {
        const auto newline = bytes.find('\n');
        if (newline == std::string_view::npos) {
            m_line.append(bytes);
            break;
        }
        m_line.append(bytes.substr(0, newline));
        bytes.remove_prefix(newline + 1);
        line(m_line, messages);
        m_line.clear();
        if (m_broken)
            return false;
    }
    if (static_cast<qsizetype>(m_line.size()) + static_cast<qsizetype>(m_data.size()) > m_max)
        m_broken = true;
    return !m_broken;
}

std::string McpEventStream::finish()
{
    // The last line may have ended with the stream instead of a newline.
    std::vector<std::string> none;
    if (!m_broken && !m_line.empty())
        line(std::exchange(m_line, {}), none);
    if (m_broken)
        return {};
    return std::exchange(m_data, {});
}

void McpEventStream::line(std::string_view text, std::vector<std::string> &messages)
{
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    if (text.empty()) {
        // Dispatch: the id counts even for an event without data (a server
        // primes a stream with one, to be resumed from).
        m_lastId = m_idBuffer;
        if (!m_data.empty())
            messages.push_back(std::exchange(m_data, {}));
        return;
    }
    const auto colon = text.find(':');
    const std::string_view field = text.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    if (field == "id") {
        // Sent back later as a header: only what a header may carry.
        const bool sendable = value.size() <= 128 &&
                              std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
        m_idBuffer = sendable ? std::string(value) : std::string();
        return;
    }
    if (field == "retry") {
        if (!value.empty() && value.size() <= 9 &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            m_retryMs = std::stoll(std::string(value));
        return;
    }
    if (field != "data")
        return; // "event" and comments carry nothing Warden needs
    text = value;
    if (static_cast<qsizetype>(m_data.size()) + static_cast<qsizetype>(text.size()) + 1 > m_max) {
        m_broken = true;
        return;
    }
    if (!m_data.empty())
        m_data += '\n';
    m_data.append(text);
}

} // namespace warden
