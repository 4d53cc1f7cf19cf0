#pragma once

#include <QObject>

#include <nlohmann/json.hpp>

namespace warden {

// The warden's side of one declared MCP server, however it is reached: a
// stdio server in a sandbox of its own (McpServerProcess) or a Streamable
// HTTP server at a URL (McpRemoteServer). Messages go in whole and come out
// whole; what the server sends is hostile and each link bounds it.
class McpServerLink : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~McpServerLink() override;

    virtual void start() = 0;
    virtual void send(const nlohmann::json &message) = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void message(const nlohmann::json &message);
    // The server sent something that is not a JSON-RPC message, or failed
    // one exchange: reported, and it carries on (within the link's limits).
    void misbehaved(const QString &what);
    // The server is gone (exited, crashed, refused, ended for misbehaving).
    void ended(const QString &why);
};

} // namespace warden
