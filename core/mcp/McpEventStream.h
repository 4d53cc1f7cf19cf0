#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace warden {

// The text/event-stream reader for what a Streamable HTTP MCP server sends
// back: bytes in as they arrive (in any pieces), and each event's data, one
// JSON-RPC message, out as soon as the event ends. Only "data" fields carry
// anything; event names, ids, retry hints and comments are read past. An
// event, or a line, larger than the bound breaks the stream for good.
class McpEventStream {
public:
    explicit McpEventStream(qsizetype maxEventBytes) : m_max(maxEventBytes) {}

    // Appends to `messages` the data of each event these bytes end; false
    // once the stream is broken.
    bool feed(std::string_view bytes, std::vector<std::string> &messages);
    // At the end of the stream: the data of an event it ended without closing.
    std::string finish();
    bool broken() const { return m_broken; }

private:
    void line(std::string_view text, std::vector<std::string> &messages);

    qsizetype m_max;
    std::string m_line; // the unfinished line
    std::string m_data; // the event's data lines so far
    bool m_broken = false;
};

} // namespace warden
