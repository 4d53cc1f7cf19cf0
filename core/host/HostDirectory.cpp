#include "core/host/HostDirectory.h"

#include "core/common/PrivateDirectory.h"
#include "core/common/TextFile.h"
#include "core/json/WireJson.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <cstdlib>
#include <sys/stat.h>

namespace warden {

std::string HostDirectory::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return QString(dir + QStringLiteral("/warden/hosts.json")).toStdString();
}

Result<std::vector<HostProfile>> HostDirectory::load(const std::string &path)
{
    if (!QFileInfo::exists(QString::fromStdString(path)))
        return std::vector<HostProfile>{};
    auto text = readTextFile(path, 1024 * 1024);
    if (!text)
        return std::unexpected(text.error());
    auto parsed = WireJson::parse(*text);
    if (!parsed) {
        Error e = parsed.error();
        e.file = path;
        return std::unexpected(e);
    }
    const nlohmann::json &doc = *parsed;
    if (!doc.is_object() || !doc.contains("hosts") || !doc.at("hosts").is_array())
        return fail("expected {\"hosts\": [...]}", "/hosts", 0, path);
    std::vector<HostProfile> hosts;
    for (std::size_t i = 0; i < doc.at("hosts").size(); ++i) {
        auto host = HostProfile::fromJson(doc.at("hosts").at(i), "/hosts/" + std::to_string(i));
        if (!host) {
            Error e = host.error();
            e.file = path;
            return std::unexpected(e);
        }
        hosts.push_back(std::move(*host));
    }
    return hosts;
}

Result<void> HostDirectory::save(const std::string &path, const std::vector<HostProfile> &hosts)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &h : hosts)
        if (!h.detected)
            list.push_back(h.toJson());
    const QString file = QString::fromStdString(path);
    if (auto made = PrivateDirectory::makeFor(path); !made)
        return std::unexpected(made.error());
    QSaveFile out(file);
    const std::string text = nlohmann::json{{"hosts", list}}.dump(2) + "\n";
    if (!out.open(QIODevice::WriteOnly) || out.write(text.data(), qint64(text.size())) < 0 || !out.commit())
        return fail("cannot write the host list", {}, 0, path);
    return {};
}

std::vector<HostProfile> HostDirectory::detected()
{
    std::vector<HostProfile> hosts;
    HostProfile bwrap;
    bwrap.id = "local-bwrap";
    bwrap.name = "This machine (bubblewrap)";
    bwrap.kind = HostProfile::Kind::Bubblewrap;
    bwrap.detected = true;
    hosts.push_back(bwrap);

    std::string socket = "/var/run/docker.sock";
    if (const char *env = std::getenv("DOCKER_HOST"); env && std::string_view(env).starts_with("unix://"))
        socket = std::string(env).substr(7);
    struct stat st {};
    if (::stat(socket.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
        HostProfile docker;
        docker.id = "local-docker";
        docker.name = "This machine (Docker)";
        docker.kind = HostProfile::Kind::Docker;
        docker.address = "unix://" + socket;
        docker.detected = true;
        hosts.push_back(docker);
    }
    return hosts;
}

} // namespace warden
