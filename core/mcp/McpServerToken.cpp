#include "core/mcp/McpServerToken.h"

#include "core/secrets/Keychain.h"

#include <QPointer>

#include <algorithm>

namespace warden::McpServerToken {

bool acceptable(std::string_view token)
{
    return !token.empty() && token.size() <= 8192 &&
           std::all_of(token.begin(), token.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

McpRemoteServer::TokenLookup fromKeychain(Keychain *keychain, const std::string &origin)
{
    return [keychain = QPointer<Keychain>(keychain), origin](auto answer) {
        if (!keychain) {
            answer(std::nullopt, "the keychain is gone");
            return;
        }
        keychain->load(Keychain::mcpServerKey(origin),
                       [answer = std::move(answer)](std::optional<QString> token, const QString &error) {
                           if (token)
                               answer(token->toStdString(), {});
                           else
                               answer(std::nullopt, error.toStdString());
                       });
    };
}

} // namespace warden::McpServerToken
