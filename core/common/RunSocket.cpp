#include "core/common/RunSocket.h"

#include <QFile>
#include <QLocalServer>

namespace warden::RunSocket {

Result<void> listen(QLocalServer &server, const QString &path, std::string_view what)
{
    QFile::remove(path);
    if (!server.listen(path))
        return fail("cannot listen on the " + std::string(what) + " socket: " + server.errorString().toStdString(), {},
                    0, path.toStdString());
    return {};
}

} // namespace warden::RunSocket
