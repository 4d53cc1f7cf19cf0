#include "core/mcp/McpEventStream.h"

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
        if (!m_data.empty())
            messages.push_back(std::exchange(m_data, {}));
        return;
    }
    if (!text.starts_with("data:"))
        return; // "event", "id", "retry" and comments carry nothing Warden needs
    text.remove_prefix(5);
    if (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    if (static_cast<qsizetype>(m_data.size()) + static_cast<qsizetype>(text.size()) + 1 > m_max) {
        m_broken = true;
        return;
    }
    if (!m_data.empty())
        m_data += '\n';
    m_data.append(text);
}

} // namespace warden
