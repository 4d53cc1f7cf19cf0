#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace warden {

// Splits Docker's multiplexed attach/logs stream (8-byte frame headers:
// stream type, three zero bytes, big-endian payload size) into lines per
// stream. Bytes may arrive in any split; a malformed header stops the stream
// rather than guessing.
class DockerStreamDemuxer {
public:
    using LineSink = std::function<void(int stream, std::string_view line)>;

    explicit DockerStreamDemuxer(LineSink sink) : m_sink(std::move(sink)) {}

    // false once the stream is malformed; later calls are ignored.
    bool feed(std::string_view bytes);
    void finish(); // flushes partial lines

    static constexpr std::uint32_t kMaxFrame = 16 * 1024 * 1024;

private:
    void emitLines(int stream, std::string &pending, bool flush);

    LineSink m_sink;
    std::string m_header;
    std::uint32_t m_remaining = 0;
    int m_stream = 0;
    bool m_broken = false;
    std::string m_out;
    std::string m_err;
};

} // namespace warden
