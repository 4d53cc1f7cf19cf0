#include "core/runs/SandboxWiring.h"

#include "core/common/SandboxContract.h"
#include "core/sandbox/SeccompFilter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <unistd.h>

namespace warden::SandboxWiring {

Result<std::string> relayBeside(const std::string &init)
{
    const QString path = QFileInfo(QString::fromStdString(init)).absolutePath() + QStringLiteral("/warden-mcp");
    if (!QFileInfo(path).isExecutable())
        return fail("cannot find warden-mcp, the sandbox's MCP relay", {}, 0, path.toStdString());
    return path.toStdString();
}

Result<void> handRunDirectory(const QString &dir, uid_t uid, gid_t gid)
{
    QStringList owned{dir};
    for (const contract::Socket &s : contract::kAll)
        owned << dir + QLatin1Char('/') + QLatin1String(s.file);
    if (const QString model = dir + QLatin1Char('/') + QLatin1String(contract::kModel.file); QFile::exists(model))
        owned << model;
    for (const QString &path : owned)
        if (::chown(path.toLocal8Bit().constData(), uid, gid) != 0)
            return fail("cannot hand the run directory to the sandbox user", {}, 0, path.toStdString());
    return {};
}

Result<void> addRunDirectory(SandboxSpec &spec, const QString &dir, const std::string &init, const std::string &relay,
                             const std::string &hostKind)
{
    // Read-only: a socket is reached through a read-only mount all the same,
    // and the agent has nothing to write into the warden's run directory.
    spec.binds.insert(spec.binds.begin(), SandboxSpec::Bind{dir.toStdString(), contract::kRunDirectory, false});
    spec.binds.insert(spec.binds.begin() + 1, SandboxSpec::Bind{init, contract::kInitPath, false});
    if (!relay.empty()) {
        // A directory of its own, so that it mounts over /opt/warden/bin
        // even where /opt/warden is the agent SDK's read-only mount.
        const QString bin = dir + QStringLiteral("/mcp-bin");
        const QString copy = bin + QStringLiteral("/warden-mcp");
        if (!QDir().mkdir(bin) || !QFile::copy(QString::fromStdString(relay), copy) ||
            !QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                             QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther))
            return fail("cannot put the MCP relay in place for the sandbox", {}, 0, copy.toStdString());
        spec.binds.push_back({bin.toStdString(), contract::kMcpRelayDirectory, false}); // last: over any /opt/warden
    }
    // For a container engine that reads its seccomp profile from a file
    // (Podman); bubblewrap takes its filter as a program, not this file.
    if (hostKind != "bwrap") {
        QFile profile(dir + QStringLiteral("/seccomp.json"));
        const std::string text = SeccompFilter::dockerProfile(true).dump();
        if (!profile.open(QIODevice::WriteOnly) ||
            profile.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
            return fail("cannot write the sandbox's seccomp profile", {}, 0, profile.fileName().toStdString());
        profile.close();
        QFile::setPermissions(profile.fileName(),
                              QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        spec.seccompProfileFile = profile.fileName().toStdString();
    }
    spec.argv.insert(spec.argv.begin(), contract::kInitPath);
    spec.supervised = true;
    return {};
}

void addEnvironment(SandboxSpec &spec, const std::vector<Judge::Canary> &canaries, bool modelDoor)
{
    // The run's own variables win over the config's (the agent reaches the
    // network and the warden only as these say); the defaults after them
    // only where the config set none (an agent's HOME, its PATH).
    auto setEnv = [&spec](const char *key, const std::string &value, bool warden) {
        auto same = [key](const auto &kv) { return kv.first == key; };
        if (warden)
            std::erase_if(spec.env, same);
        else if (std::any_of(spec.env.begin(), spec.env.end(), same))
            return;
        spec.env.emplace_back(key, value);
    };
    for (const contract::Socket &s : contract::kAll)
        setEnv(s.variable, s.path, true);
    const std::string proxyUrl = "http://127.0.0.1:" + std::to_string(contract::kProxyPort);
    for (const char *key : {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"})
        setEnv(key, proxyUrl, true);
    if (modelDoor) {
        // The door is on the loopback: a client that honours HTTP_PROXY
        // must not send it through the proxy (which would refuse it).
        setEnv(contract::kModel.variable, contract::kModel.path, true);
        for (const char *key : {"NO_PROXY", "no_proxy"})
            setEnv(key, "127.0.0.1,localhost", true);
    }
    for (const auto &[key, value] : {std::pair{"HOME", "/tmp"},
                                     {"PATH", "/usr/local/bin:/usr/bin:/bin"},
                                     {"LANG", "C.UTF-8"},
                                     {"PYTHONDONTWRITEBYTECODE", "1"},
                                     {"PYTHONUNBUFFERED", "1"}})
        setEnv(key, value, false);
    for (const auto &c : canaries)
        spec.env.emplace_back(c.name, c.value);
}

std::string homeOf(const SandboxSpec &spec)
{
    std::string home = "/tmp";
    for (const auto &[key, value] : spec.env)
        if (key == "HOME")
            home = value;
    return home;
}

} // namespace warden::SandboxWiring
