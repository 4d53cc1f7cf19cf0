#include "core/mcp/McpToolDigest.h"

#include <QCryptographicHash>

namespace warden::McpToolDigest {

std::string of(const nlohmann::json &tool)
{
    // The whole object, every field: what the agent is shown is what is
    // pinned (a server's _meta or icons reach the model too).
    // nlohmann::json keeps object keys sorted: the dump is canonical.
    const std::string text = (tool.is_object() ? tool : nlohmann::json::object())
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256);
    return "sha256:" + hash.toHex().toStdString();
}

} // namespace warden::McpToolDigest
