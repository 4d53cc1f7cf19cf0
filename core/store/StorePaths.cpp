#include "core/store/StorePaths.h"

#include <QDir>
#include <QStandardPaths>

#include <cstdlib>

namespace warden::StorePaths {

std::string resolve(const std::string &explicitPath)
{
    if (!explicitPath.empty())
        return explicitPath;
    if (const char *env = std::getenv("WARDEN_DB"); env && *env)
        return env;
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("warden/warden.db")).toStdString();
}

} // namespace warden::StorePaths
