#include "core/mcp/McpToolDigest.h"

#include <QCryptographicHash>

namespace warden::McpToolDigest {

std::string of(const nlohmann::json &tool)
{
    nlohmann::json definition = nlohmann::json::object();
    if (tool.is_object())
        for (const char *key : {"name", "title", "description", "inputSchema", "outputSchema", "annotations"})
            if (const auto it = tool.find(key); it != tool.end())
                definition[key] = *it;
    // nlohmann::json keeps object keys sorted: the dump is canonical.
    const std::string text = definition.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256);
    return "sha256:" + hash.toHex().toStdString();
}

} // namespace warden::McpToolDigest
