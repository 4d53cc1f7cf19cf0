#include "core/common/ResourcePaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <cstdlib>
#include <unistd.h>

namespace warden::ResourcePaths {

Result<std::string> root()
{
    QStringList candidates;
    if (const char *env = std::getenv("WARDEN_RESOURCES"); env && *env)
        candidates << QString::fromLocal8Bit(env);
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/warden");
    candidates << QStringLiteral(WARDEN_SOURCE_RESOURCES);
    for (const QString &c : candidates)
        if (QFileInfo::exists(c + QStringLiteral("/agent/warden_agent.py")))
            return QDir(c).canonicalPath().toStdString();
    return fail("cannot find Warden's resources (set WARDEN_RESOURCES to the resources directory)");
}

Result<std::string> initProgram()
{
    QStringList candidates;
    if (const char *env = std::getenv("WARDEN_INIT"); env && *env)
        candidates << QString::fromLocal8Bit(env);
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() +
                          QStringLiteral("/../" WARDEN_PRIVATE_LIBDIR "/warden-init");
    candidates << QStringLiteral(WARDEN_BUILD_INIT);
    for (const QString &c : candidates)
        if (QFileInfo(c).isExecutable() && QFileInfo(c).isFile())
            return QFileInfo(c).canonicalFilePath().toStdString();
    return fail("cannot find warden-init, the sandbox's init (set WARDEN_INIT to its path)");
}

namespace {

QString imageDir()
{
    if (const char *env = std::getenv("WARDEN_IMAGE_DIR"); env && *env)
        return QString::fromLocal8Bit(env);
    // As root, sandboxes run as "nobody", who cannot read root's home: the
    // image goes to the system cache instead.
    if (::getuid() == 0)
        return QStringLiteral("/var/cache/warden/image/rootfs");
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/warden/image/rootfs");
}

} // namespace

std::string agentsDir()
{
    if (const char *env = std::getenv("WARDEN_AGENTS_DIR"); env && *env)
        return env;
    if (::getuid() == 0)
        return "/var/cache/warden/agents";
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/warden/agents");
    return dir.toStdString();
}

Result<std::string> imageRoot()
{
    const QString dir = imageDir();
    if (!QFileInfo::exists(dir + QStringLiteral("/usr/bin/python3"))) {
        auto resources = root();
        return fail("the sandbox image is not built yet (" + dir.toStdString() + "); build it with " +
                    (resources ? *resources : std::string("resources")) +
                    "/image/build-image.sh, or start a demo, "
                    "which builds it once");
    }
    return dir.toStdString();
}

Result<std::string> buildImage()
{
    auto resources = root();
    if (!resources)
        return std::unexpected(resources.error());
    // build-image.sh writes OUT/rootfs; OUT is the image directory's parent
    // by name. (QDir::cdUp() fails on a parent that does not exist yet, as on
    // a fresh machine, and left the path unchanged: the image landed in
    // rootfs/rootfs and every later run looked in the wrong place.)
    const QFileInfo image(imageDir());
    if (image.fileName() != QLatin1String("rootfs"))
        return fail("WARDEN_IMAGE_DIR must name a directory called rootfs, which build-image.sh makes",
                    "WARDEN_IMAGE_DIR", 0, image.filePath().toStdString());
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral("bash"),
            {QString::fromStdString(*resources) + QStringLiteral("/image/build-image.sh"), image.absolutePath()});
    if (!p.waitForFinished(20 * 60 * 1000) || p.exitCode() != 0)
        return fail("building the sandbox image failed (see the messages above)");
    return imageRoot();
}

Result<std::string> defaultImage(const std::string &hostKind)
{
    if (hostKind == "docker")
        return std::string("warden-sandbox:1");
    auto root = imageRoot();
    return root ? root : buildImage();
}

} // namespace warden::ResourcePaths
