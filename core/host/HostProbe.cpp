#include "core/host/HostProbe.h"
#include "core/json/JsonLookup.h"

#include "core/host/HostClient.h"
#include "core/sandbox/DockerClient.h"

#include <QProcess>

namespace warden {

namespace {

HostStatus probeBubblewrap()
{
    HostStatus s;
    QProcess version;
    version.start(QStringLiteral("bwrap"), {QStringLiteral("--version")});
    if (!version.waitForFinished(5000) || version.exitCode() != 0) {
        s.error = "bubblewrap (bwrap) is not installed or does not start";
        return s;
    }
    s.version = version.readAllStandardOutput().trimmed().toStdString();
    // The same unsharing a run asks for, on the host's own root, read-only.
    QProcess check;
    check.start(QStringLiteral("bwrap"), {QStringLiteral("--unshare-all"), QStringLiteral("--die-with-parent"),
                                          QStringLiteral("--ro-bind"), QStringLiteral("/"), QStringLiteral("/"),
                                          QStringLiteral("--cap-drop"), QStringLiteral("ALL"), QStringLiteral("true")});
    if (!check.waitForFinished(10000) || check.exitCode() != 0) {
        s.error = "bubblewrap cannot create namespaces here: " + check.readAllStandardError().trimmed().toStdString();
        return s;
    }
    s.reachable = true;
    s.isolation = "Linux namespaces (user, pid, network, ipc, uts, cgroup)";
    s.hardening = "namespaces unshared, all capabilities dropped: checked";
    return s;
}

HostStatus probeDocker(const HostProfile &host)
{
    HostStatus s;
    const DockerEndpoint endpoint = host.dockerEndpoint();
    DockerClient client(endpoint);
    auto version = client.negotiate();
    if (!version) {
        s.error = version.error().message;
        return s;
    }
    s.reachable = true;
    s.version = "Docker Engine " + *version + " (API " + client.apiVersion() + ")";
    auto info = client.request("GET", "/info", {}, 10);
    nlohmann::json json = info ? info->json() : nlohmann::json();
    std::string runtime = json.is_object() ? JsonLookup::stringOr(json, "DefaultRuntime", "runc") : "runc";
    s.isolation = "containers (" + runtime + "), no network, read-only root";
    std::string security;
    if (json.is_object() && json.contains("SecurityOptions") && json.at("SecurityOptions").is_array())
        for (const auto &o : json.at("SecurityOptions")) {
            if (!o.is_string())
                continue;
            // "name=seccomp,profile=default" reads as "seccomp (profile=default)".
            std::string option = o.get<std::string>();
            if (option.starts_with("name=")) {
                option = option.substr(5);
                if (const auto comma = option.find(','); comma != std::string::npos)
                    option = option.substr(0, comma) + " (" + option.substr(comma + 1) + ")";
            }
            security += (security.empty() ? "" : ", ") + option;
        }
    s.hardening = security.empty() ? "engine reports no security options" : security;
    if (endpoint.tcpUrl.starts_with("http://"))
        s.hardening += "; WARNING: plain TCP without TLS";
    return s;
}

HostStatus probeWarden(const HostProfile &host, const std::string &token)
{
    HostStatus s;
    auto endpoint = HostEndpoint::parse(host.address);
    if (!endpoint) {
        s.error = endpoint.error().message;
        return s;
    }
    endpoint->token = token;
    endpoint->caFile = QString::fromStdString(host.caFile);
    if (token.empty()) {
        s.error = "no token stored for this host";
        return s;
    }
    auto info = HostClient::call(*endpoint, nullptr, 10000);
    if (!info) {
        s.error = info.error().message;
        return s;
    }
    s.reachable = true;
    s.version =
        "Warden " + JsonLookup::stringOr(*info, "version", "?") + " on " + JsonLookup::stringOr(*info, "host", "?");
    s.isolation = JsonLookup::stringOr(*info, "isolation");
    // Who the host says the token belongs to, and what they may do there.
    const nlohmann::json you = JsonLookup::objectOr(*info, "you");
    const std::string who = you.empty() ? std::string("token accepted")
                                        : "signed in as " + JsonLookup::stringOr(you, "name", "?") + " (" +
                                              JsonLookup::stringOr(you, "role", "?") + ")";
    s.hardening = std::string(endpoint->tls ? "TLS verified, " : "loopback without TLS, ") + who + "; " +
                  std::to_string(JsonLookup::integerOr(*info, "live_runs", 0)) + " live runs";
    return s;
}

} // namespace

HostStatus HostProbe::probe(const HostProfile &host, const std::string &token)
{
    switch (host.kind) {
    case HostProfile::Kind::Bubblewrap: return probeBubblewrap();
    case HostProfile::Kind::Docker: return probeDocker(host);
    case HostProfile::Kind::Warden: return probeWarden(host, token);
    }
    return {};
}

} // namespace warden
