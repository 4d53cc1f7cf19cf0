#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace warden {

// The text/event-stream reader for what a Streamable HTTP MCP server sends
// back: bytes in as they arrive (in any pieces), and each event's data, one
// JSON-RPC message, out as soon as the event ends. "data" fields carry the
// messages; the last event id and the retry hint are kept, so that a stream
// that ends before its answer can be resumed (GET with Last-Event-ID once the
// hinted time has passed); event names and comments are read past. An
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
    // The id of the last event dispatched (empty: none, or one that could not
    // be sent back as a header: not visible ASCII, or over 128 bytes).
    const std::string &lastEventId() const { return m_lastId; }
    // The server's reconnection hint in milliseconds, -1 if it gave none.
    qint64 retryMs() const { return m_retryMs; }

private:
    void line(std::string_view text, std::vector<std::string> &messages);

    qsizetype m_max;
    std::string m_line;     // the unfinished line
    std::string m_data;     // the event's data lines so far
    std::string m_idBuffer; // the id field of the event being read
    std::string m_lastId;
    qint64 m_retryMs = -1;
    bool m_broken = false;
};

} // namespace warden
