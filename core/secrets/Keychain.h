#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <string>

namespace warden {

// Tokens in the OS keychain (Secret Service, KWallet, macOS Keychain via
// qtkeychain), never in a file: Warden hosts' tokens (the console's Hosts
// screen, keyed by host id) and MCP servers' (keyed by mcpServerKey, for the
// warden that reaches them). Asynchronous: callbacks run on the caller's
// thread when the keychain answers. No insecure fallback: with no keychain,
// storing fails and says so.
class Keychain : public QObject {
    Q_OBJECT
public:
    explicit Keychain(QObject *parent = nullptr) : QObject(parent) {}

    static QString service() { return QStringLiteral("dev.warden.Warden"); }
    // Where an MCP server's token is kept: by its URL's origin
    // (scheme://host:port), so that a declaration naming another server
    // the same cannot have this one's token sent to it.
    static QString mcpServerKey(const std::string &origin)
    {
        return QStringLiteral("mcp-server ") + QString::fromStdString(origin);
    }

    // Where a model provider's API key is kept, by the origin of its URL
    // for the same reason.
    static QString modelKeyKey(const std::string &origin)
    {
        return QStringLiteral("model-key ") + QString::fromStdString(origin);
    }

    // `done` gets an empty string on success, else the keychain's error.
    void store(const QString &hostId, const QString &token, std::function<void(const QString &error)> done);
    // `done` gets the token, or nullopt and why (no entry is an error too).
    void load(const QString &hostId, std::function<void(std::optional<QString> token, const QString &error)> done);
    void remove(const QString &hostId, std::function<void(const QString &error)> done);
};

} // namespace warden
