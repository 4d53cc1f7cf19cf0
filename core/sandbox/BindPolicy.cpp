#include "core/sandbox/BindPolicy.h"

#include <QDir>
#include <QStandardPaths>

#include <unistd.h>

#include <filesystem>
#include <vector>

namespace warden::BindPolicy {

namespace {

std::vector<std::string> allowedRoots()
{
    std::vector<std::string> roots;
    const QByteArray configured = qgetenv("WARDEN_DATA_ROOTS");
    if (!configured.isEmpty()) {
        for (const QByteArray &root : configured.split(':'))
            if (!root.isEmpty())
                roots.push_back(root.toStdString());
        return roots;
    }
    return {QDir::homePath().toStdString(), "/srv", "/data", "/var/tmp", "/tmp"};
}

bool strictlyInside(const std::filesystem::path &path, const std::filesystem::path &root)
{
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p)
        if (p == path.end() || *p != *r)
            return false;
    return p != path.end();
}

// The warden's own places: its account's home (tokens, keys, the store),
// its runtime directory (the control socket) and its store's and
// configuration's directories. A bind may not be one, hold one, or (but for
// the home, where data directories live) sit inside one.
struct OwnPlace {
    std::filesystem::path path;
    bool insideAllowed;
    const char *what;
};

std::vector<OwnPlace> ownPlaces()
{
    namespace fs = std::filesystem;
    std::vector<OwnPlace> places;
    const auto add = [&](const QString &dir, bool insideAllowed, const char *what) {
        std::error_code ec;
        if (dir.isEmpty())
            return;
        const fs::path real = fs::canonical(fs::path(dir.toStdString()), ec);
        if (!ec && real != "/")
            places.push_back({real, insideAllowed, what});
    };
    add(QDir::homePath(), true, "the warden's home directory");
    add(qEnvironmentVariable("XDG_RUNTIME_DIR"), false, "the warden's runtime directory");
    add(QDir::tempPath() + QStringLiteral("/warden-runtime-%1").arg(::getuid()), false,
        "the warden's runtime directory");
    // The default store's directory (a store placed elsewhere with --db or
    // WARDEN_DB is the operator's choice of place, and its directory may be
    // a run's workspace too).
    add(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/warden"), false,
        "the warden's audit store directory");
    add(QDir::homePath() + QStringLiteral("/.config/warden"), false, "the warden's configuration directory");
    return places;
}

} // namespace

Result<void> checkBinds(const SandboxSpec &spec)
{
    const std::vector<OwnPlace> own = ownPlaces();
    static const char *forbidden[] = {"/",     "/etc",  "/run", "/var/run", "/proc",           "/sys", "/dev", "/boot",
                                      "/root", "/home", "/var", "/var/lib", "/var/lib/docker", "/usr"};
    for (const auto &b : spec.binds) {
        std::error_code ec;
        const std::string real = std::filesystem::canonical(b.hostPath, ec).string();
        if (ec)
            return fail("bind source does not exist: " + b.hostPath);
        for (const char *f : forbidden)
            if (real == f)
                return fail("refusing to mount the host's " + real + " into a sandbox");
        for (const char *prefix : {"/run/", "/var/run/", "/proc/", "/sys/", "/etc/", "/var/lib/docker/"})
            if (real.starts_with(prefix) || real.find("docker.sock") != std::string::npos)
                return fail("refusing to mount " + real + " into a sandbox");
        const std::filesystem::path realPath(real);
        for (const OwnPlace &place : own)
            if (realPath == place.path || strictlyInside(place.path, realPath) ||
                (!place.insideAllowed && strictlyInside(realPath, place.path)))
                return fail("refusing to mount " + real + " into a sandbox: it is or holds " + place.what + " (" +
                            place.path.string() + ")");
    }
    return {};
}

Result<void> checkDataDirectory(const std::string &path)
{
    namespace fs = std::filesystem;
    if (path.empty() || path.front() != '/')
        return fail("the data directory must be an absolute path", "data");
    const fs::path given = fs::path(path).lexically_normal();
    std::error_code ec;
    const fs::path real = fs::canonical(given, ec);
    if (ec)
        return fail("the data directory does not exist: " + path, "data");
    if (!fs::is_directory(real, ec))
        return fail("the data directory is not a directory: " + path, "data");
    fs::path trimmed = given;
    if (trimmed.filename().empty())
        trimmed = trimmed.parent_path();
    if (real != trimmed)
        return fail("the data directory is reached through a symbolic link (" + path + " is " + real.string() +
                        "): name the real directory",
                    "data");
    for (const auto &part : real)
        if (const std::string name = part.string(); name.size() > 1 && name.front() == '.')
            return fail("the data directory has a hidden component (" + name + "): refusing to mount it", "data");
    for (const std::string &root : allowedRoots()) {
        const fs::path r = fs::weakly_canonical(root, ec);
        if (!ec && strictlyInside(real, r))
            return {};
    }
    std::string roots;
    for (const auto &root : allowedRoots())
        roots += (roots.empty() ? "" : ", ") + root;
    return fail("the data directory " + real.string() + " is not inside an allowed root (" + roots +
                    "; set WARDEN_DATA_ROOTS to change them)",
                "data");
}

} // namespace warden::BindPolicy
