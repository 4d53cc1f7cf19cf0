#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace warden::ui {

// Warden host tokens in the OS keychain (Secret Service, KWallet, macOS
// Keychain via qtkeychain), never in a file. Asynchronous: callbacks run on
// the caller's thread when the keychain answers. No insecure fallback: with
// no keychain, storing fails and says so.
class TokenKeychain : public QObject {
    Q_OBJECT
public:
    explicit TokenKeychain(QObject *parent = nullptr) : QObject(parent) {}

    static QString service() { return QStringLiteral("dev.warden.Warden"); }

    // `done` gets an empty string on success, else the keychain's error.
    void store(const QString &hostId, const QString &token, std::function<void(const QString &error)> done);
    // `done` gets the token, or nullopt and why (no entry is an error too).
    void load(const QString &hostId, std::function<void(std::optional<QString> token, const QString &error)> done);
    void remove(const QString &hostId, std::function<void(const QString &error)> done);
};

} // namespace warden::ui
