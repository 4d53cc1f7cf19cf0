#include "core/sandbox/DockerStreamDemuxer.h"

namespace warden {

bool DockerStreamDemuxer::feed(std::string_view bytes)
{
    while (!bytes.empty() && !m_broken) {
        if (m_remaining == 0) {
            const std::size_t need = 8 - m_header.size();
            m_header.append(bytes.substr(0, need));
            bytes.remove_prefix(std::min(need, bytes.size()));
            if (m_header.size() < 8)
                return true;
            const auto *h = reinterpret_cast<const unsigned char *>(m_header.data());
            const int stream = h[0];
            if (stream > 2 || h[1] || h[2] || h[3]) {
                m_broken = true;
                return false;
            }
            const std::uint32_t size = (std::uint32_t(h[4]) << 24) | (std::uint32_t(h[5]) << 16) |
                                       (std::uint32_t(h[6]) << 8) | std::uint32_t(h[7]);
            if (size > kMaxFrame) {
                m_broken = true;
                return false;
            }
            m_stream = stream == 2 ? 2 : 1;
            m_remaining = size;
            m_header.clear();
            continue;
        }
        const std::size_t take = std::min<std::size_t>(m_remaining, bytes.size());
        std::string &pending = m_stream == 2 ? m_err : m_out;
        pending.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        m_remaining -= static_cast<std::uint32_t>(take);
        emitLines(m_stream, pending, false);
    }
    return !m_broken;
}

void DockerStreamDemuxer::emitLines(int stream, std::string &pending, bool flush)
{
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
        m_sink(stream, std::string_view(pending).substr(start, nl - start));
    pending.erase(0, start);
    if ((flush && !pending.empty()) || pending.size() > 64 * 1024) {
        m_sink(stream, pending);
        pending.clear();
    }
}

void DockerStreamDemuxer::finish()
{
    emitLines(1, m_out, true);
    emitLines(2, m_err, true);
}

} // namespace warden
