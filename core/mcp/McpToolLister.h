#pragma once

#include "core/common/Error.h"
#include "core/mcp/McpListing.h"
#include "core/policy/Declaration.h"

#include <QObject>

#include <nlohmann/json.hpp>

#include <functional>
#include <vector>

class QTimer;

namespace warden {

class McpServerLink;

// Starts an MCP server (a stdio one in its sandbox, or one at a URL: the
// link given), initializes it and reads its whole tool list (every page),
// and its prompts, resources and resource templates when its capabilities
// say it has them, for `wardenctl declare`. Each comes back as the server
// listed it: a tool or prompt an object with at least a "name", a
// resource one with a "uri", a template one with a "uriTemplate".
class McpToolLister : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<McpListing>)>;

    static constexpr std::size_t kMaxTools = 1024;
    static constexpr int kMaxPages = 64;

    McpToolLister(McpServerRule server, McpServerLink *link, int timeoutMs, QObject *parent = nullptr);
    ~McpToolLister() override;

    void start(Done done);

private:
    void onMessage(const nlohmann::json &message);
    void request(const std::string &method, const nlohmann::json &params);
    // The next listing the server's capabilities offer, or the end.
    void listNext();
    void finish(Result<McpListing> result);

    McpServerRule m_server;
    McpServerLink *m_link;
    QTimer *m_timer;
    Done m_done;
    std::int64_t m_nextId = 1;
    int m_pages = 0;
    bool m_initialized = false;
    nlohmann::json m_capabilities;
    std::string m_listing; // the method whose pages are being read
    McpListing m_found;
};

} // namespace warden
