#pragma once

#include <QString>
#include <QStringList>

namespace warden::ui {

// Any agent command under a declaration file, as the Custom run dialog
// asks for it.
struct CustomLaunch {
    QString declarationFile;
    QStringList argv;
    // Where: "bwrap", "docker" (the engine DOCKER_HOST names) or the id of
    // a Docker host on the Hosts screen; with remoteHost, the backend there.
    QString host = QStringLiteral("bwrap");
    QString image;   // empty: Warden's image for the host kind
    QString dataDir; // mounted read-only at /data when set
    // A Warden host (its id on the Hosts screen) that runs it in its own
    // image instead of this machine; empty for a local run.
    QString remoteHost;
};

} // namespace warden::ui
