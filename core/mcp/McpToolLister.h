#pragma once

#include "core/common/Error.h"
#include "core/policy/Declaration.h"

#include <QObject>

#include <nlohmann/json.hpp>

#include <functional>
#include <vector>

class QTimer;

namespace warden {

class McpServerLink;

// Starts an MCP server (a stdio one in its sandbox, or one at a URL: the
// link given), initializes it and reads its whole tool list (every page), for `wardenctl declare
// --from-mcp`. The tools come back as the server listed them: each an
// object with at least a "name".
class McpToolLister : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<std::vector<nlohmann::json>>)>;

    static constexpr std::size_t kMaxTools = 1024;
    static constexpr int kMaxPages = 64;

    McpToolLister(McpServerRule server, McpServerLink *link, int timeoutMs, QObject *parent = nullptr);
    ~McpToolLister() override;

    void start(Done done);

private:
    void onMessage(const nlohmann::json &message);
    void request(const std::string &method, const nlohmann::json &params);
    void finish(Result<std::vector<nlohmann::json>> result);

    McpServerRule m_server;
    McpServerLink *m_link;
    QTimer *m_timer;
    Done m_done;
    std::int64_t m_nextId = 1;
    int m_pages = 0;
    bool m_initialized = false;
    std::vector<nlohmann::json> m_tools;
};

} // namespace warden
