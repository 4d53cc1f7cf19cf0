#include "core/sandbox/DockerSandbox.h"
#include "core/common/WardenIdentity.h"
#include "core/json/JsonLookup.h"

#include "core/sandbox/BindPolicy.h"
#include "core/sandbox/DockerStreamDemuxer.h"
#include "core/sandbox/SeccompFilter.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <filesystem>

namespace warden {

namespace {

const char *kRunLabel = "dev.warden.run";
// Which warden started the container (WardenIdentity): a sweep removes only a dead one's.
const char *kOwnerLabel = "dev.warden.owner";
constexpr std::int64_t kNanoCpus = 1'000'000'000; // one CPU

std::string upper(std::string text)
{
    for (auto &ch : text)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return text;
}

} // namespace

DockerSandbox::DockerSandbox(DockerEndpoint endpoint, QObject *parent)
    : Sandbox(parent), m_endpoint(std::move(endpoint)), m_wallClock(new QTimer(this))
{
    m_wallClock->setSingleShot(true);
    connect(m_wallClock, &QTimer::timeout, this, [this] {
        m_limitHit = QStringLiteral("wall clock");
        kill(tr("wall-clock limit reached"));
    });
}

DockerSandbox::~DockerSandbox()
{
    kill(tr("the warden is closing"));
    if (m_worker.joinable())
        m_worker.join();
}

QString DockerSandbox::description() const
{
    return tr("docker %1 (container, %2)")
        .arg(QString::fromStdString(m_engineVersion), QString::fromStdString(m_endpoint.describe()));
}

nlohmann::json DockerSandbox::hardening() const
{
    return m_hardening;
}

void DockerSandbox::post(std::function<void()> fn)
{
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

nlohmann::json DockerSandbox::createBody(const SandboxSpec &spec, bool podman)
{
    nlohmann::json env = nlohmann::json::array();
    for (const auto &[k, v] : spec.env)
        env.push_back(k + "=" + v);
    nlohmann::json binds = nlohmann::json::array();
    for (const auto &b : spec.binds)
        binds.push_back(b.hostPath + ":" + b.sandboxPath + (b.writable ? ":rw" : ":ro"));
    const std::int64_t memory = static_cast<std::int64_t>(spec.memoryMb) * 1024 * 1024;
    // Under supervision the engine's default profile gives way to Warden's
    // own, which leaves privileged calls to the supervisor: refused either
    // way, but now on the timeline.
    nlohmann::json securityOpt = {"no-new-privileges"};
    if (spec.supervised && !podman)
        securityOpt.push_back("seccomp=" + SeccompFilter::dockerProfile(true).dump());
    else if (spec.supervised && !spec.seccompProfileFile.empty())
        securityOpt.push_back("seccomp=" + spec.seccompProfileFile);
    return {{"Image", spec.image},
            {"Cmd", spec.argv},
            {"Env", env},
            {"User", std::to_string(spec.uid) + ":" + std::to_string(spec.gid)},
            {"WorkingDir", spec.workdir},
            {"Hostname", "sandbox"},
            {"NetworkDisabled", true},
            {"Labels", {{kRunLabel, spec.runId}, {kOwnerLabel, WardenIdentity::self()}}},
            {"HostConfig",
             {{"NetworkMode", "none"},
              {"CapDrop", {"ALL"}},
              {"CapAdd", nlohmann::json::array()},
              {"Privileged", false},
              {"ReadonlyRootfs", true},
              {"SecurityOpt", securityOpt},
              {"PidsLimit", spec.pids},
              {"Memory", memory},
              {"MemorySwap", memory},
              {"NanoCpus", kNanoCpus},
              {"IpcMode", "private"},
              // Open files bounded like the bwrap backend's limits; an engine's
              // default may also exceed what its host allows (Podman in a container).
              {"Ulimits",
               {{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 1024}},
                {{"Name", "nproc"}, {"Soft", spec.pids}, {"Hard", spec.pids}},
                {{"Name", "core"}, {"Soft", 0}, {"Hard", 0}}}},
              {"Tmpfs", {{"/tmp", "rw,nosuid,nodev,size=" + std::to_string(spec.tmpfsMb) + "m"}}},
              {"Binds", binds},
              {"AutoRemove", false}}}};
}

std::vector<std::string> DockerSandbox::hardeningProblems(const nlohmann::json &inspect, const SandboxSpec &spec)
{
    std::vector<std::string> problems;
    if (!inspect.is_object() || !inspect.contains("HostConfig") || !inspect.contains("Config"))
        return {"the engine's inspect answer is unreadable"};
    const auto &h = inspect.at("HostConfig");
    const auto &c = inspect.at("Config");
    if (!h.is_object() || !c.is_object())
        return {"the engine's inspect answer is unreadable"};
    auto has = [](const nlohmann::json &list, const char *value) {
        if (!list.is_array())
            return false;
        for (const auto &v : list)
            if (v.is_string() && v.get<std::string>() == value)
                return true;
        return false;
    };
    if (JsonLookup::stringOr(h, "NetworkMode") != "none")
        problems.push_back("network mode is not none");
    // Docker echoes "ALL"; Podman's compatible API expands it into the
    // default set it dropped. Either way nothing may be added back (below).
    static constexpr const char *kDefaultCapabilities[] = {
        "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER", "FSETID",  "KILL",   "MKNOD",
        "NET_BIND_SERVICE", "NET_RAW", "SETFCAP",      "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};
    const nlohmann::json capDrop = JsonLookup::arrayOr(h, "CapDrop");
    const bool droppedDefaults = std::all_of(std::begin(kDefaultCapabilities), std::end(kDefaultCapabilities),
                                             [&](const char *cap) { return has(capDrop, cap); });
    if (!has(capDrop, "ALL") && !droppedDefaults)
        problems.push_back("capabilities are not all dropped");
    if (h.contains("CapAdd") && h.at("CapAdd").is_array() && !h.at("CapAdd").empty())
        problems.push_back("capabilities were added");
    if (JsonLookup::booleanOr(h, "Privileged", true))
        problems.push_back("the container is privileged");
    if (!JsonLookup::booleanOr(h, "ReadonlyRootfs", false))
        problems.push_back("the root file system is writable");
    if (!has(JsonLookup::arrayOr(h, "SecurityOpt"), "no-new-privileges"))
        problems.push_back("no-new-privileges is not set");
    if (JsonLookup::integerOr(h, "PidsLimit", 0) != spec.pids)
        problems.push_back("the pids limit is not set");
    if (JsonLookup::integerOr(h, "Memory", 0) != static_cast<std::int64_t>(spec.memoryMb) * 1024 * 1024)
        problems.push_back("the memory limit is not set");
    const std::int64_t memory = static_cast<std::int64_t>(spec.memoryMb) * 1024 * 1024;
    if (JsonLookup::integerOr(h, "MemorySwap", 0) != memory)
        problems.push_back("swap is not bounded by the memory limit");
    if (JsonLookup::integerOr(h, "NanoCpus", 0) != kNanoCpus)
        problems.push_back("the CPU limit is not set");
    // "shareable" (Podman's echo of "private") is also a namespace of the
    // container's own; "host" and "container:ID" are not.
    if (const std::string ipc = JsonLookup::stringOr(h, "IpcMode"); ipc != "private" && ipc != "shareable")
        problems.push_back("the IPC namespace is not private");
    for (const auto &opt : JsonLookup::arrayOr(h, "SecurityOpt"))
        if (!opt.is_string() || opt.get_ref<const std::string &>().find("unconfined") != std::string::npos)
            problems.push_back("a security option is unconfined or unreadable");
    // Docker echoes NetworkDisabled; Podman leaves it out, and then the
    // container's networks are checked instead: none at all, or only "none".
    const auto disabled = c.find("NetworkDisabled");
    bool noNetworks = false;
    if (disabled == c.end() || disabled->is_null()) {
        const nlohmann::json networks =
            JsonLookup::objectOr(JsonLookup::objectOr(inspect, "NetworkSettings"), "Networks");
        noNetworks =
            inspect.contains("NetworkSettings") && std::all_of(networks.items().begin(), networks.items().end(),
                                                               [](const auto &n) { return n.key() == "none"; });
    }
    if (!(disabled != c.end() && disabled->is_boolean() && disabled->get<bool>()) && !noNetworks)
        problems.push_back("networking is not disabled");
    // Each requested ulimit, with both values.
    const nlohmann::json ulimits = JsonLookup::arrayOr(h, "Ulimits");
    const auto ulimit = [&](const char *name, std::int64_t value) {
        for (const auto &u : ulimits) // Podman names them RLIMIT_NOFILE and so on
            if (const std::string n = JsonLookup::stringOr(u, "Name"); n == name || n == "RLIMIT_" + upper(name))
                return JsonLookup::integerOr(u, "Soft", -1) == value && JsonLookup::integerOr(u, "Hard", -1) == value;
        return false;
    };
    if (!ulimit("nofile", 1024) || !ulimit("nproc", spec.pids) || !ulimit("core", 0))
        problems.push_back("the ulimits are not the ones requested");
    const nlohmann::json tmpfs = JsonLookup::objectOr(h, "Tmpfs");
    const std::string tmpOptions = JsonLookup::stringOr(tmpfs, "/tmp");
    if (tmpOptions.find("size=" + std::to_string(spec.tmpfsMb) + "m") == std::string::npos ||
        tmpOptions.find("nosuid") == std::string::npos || tmpOptions.find("nodev") == std::string::npos)
        problems.push_back("/tmp is not a sized nosuid,nodev tmpfs");
    const std::string user = JsonLookup::stringOr(c, "User");
    if (user.empty() || user == "0" || user.starts_with("0:") || user == "root")
        problems.push_back("the container runs as root");
    // Every mount is one that was asked for, with the writability asked for;
    // every bind asked for is there.
    std::size_t bindsSeen = 0;
    const nlohmann::json mounts = inspect.contains("Mounts") ? inspect.at("Mounts") : nlohmann::json();
    if (!mounts.is_array() && !spec.binds.empty())
        problems.push_back("the engine does not list the container's mounts");
    for (const auto &m : mounts.is_array() ? mounts : nlohmann::json::array()) {
        const std::string source = JsonLookup::stringOr(m, "Source");
        const std::string destination = JsonLookup::stringOr(m, "Destination");
        if (source.find("docker.sock") != std::string::npos)
            problems.push_back("the Docker socket is mounted");
        const std::string type = JsonLookup::stringOr(m, "Type", "bind");
        if (type == "tmpfs" && destination == "/tmp")
            continue; // checked above through HostConfig.Tmpfs
        const auto asked = std::find_if(spec.binds.begin(), spec.binds.end(),
                                        [&](const SandboxSpec::Bind &b) { return b.sandboxPath == destination; });
        if (asked == spec.binds.end()) {
            problems.push_back("an unrequested mount at " + destination.substr(0, 200));
            continue;
        }
        ++bindsSeen;
        if (JsonLookup::booleanOr(m, "RW", true) != asked->writable)
            problems.push_back("the mount at " + destination.substr(0, 200) + " is " +
                               (asked->writable ? "read-only" : "writable"));
    }
    if (bindsSeen != spec.binds.size() && mounts.is_array())
        problems.push_back("not every requested mount is there");
    return problems;
}

Result<void> DockerSandbox::checkBinds(const SandboxSpec &spec)
{
    return BindPolicy::checkBinds(spec);
}

Result<int> DockerSandbox::removeLeftovers(const DockerEndpoint &endpoint)
{
    DockerClient client(endpoint);
    if (auto v = client.negotiate(); !v)
        return std::unexpected(v.error());
    const std::string filter = R"({"label":["dev.warden.run"]})";
    std::string encoded;
    for (char ch : filter) {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_')
            encoded += ch;
        else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
            encoded += buf;
        }
    }
    auto list = client.request("GET", "/containers/json?all=1&filters=" + encoded);
    if (!list)
        return std::unexpected(list.error());
    int removed = 0;
    auto doc = list->json();
    if (!doc.is_array())
        return removed;
    for (const auto &c : doc) {
        // Containers of a warden that still runs, here or on another machine
        // sharing this engine, are not leftovers. Unlabelled ones predate owners.
        const std::string owner = JsonLookup::stringOr(JsonLookup::objectOr(c, "Labels"), kOwnerLabel);
        if (!owner.empty() && WardenIdentity::owner(owner) != WardenIdentity::Owner::Gone)
            continue;
        const std::string id = JsonLookup::stringOr(c, "Id");
        if (id.empty() || id.find_first_not_of("0123456789abcdef") != std::string::npos)
            continue; // an engine's answer goes into a URL path only as a hex id
        if (client.request("DELETE", "/containers/" + id + "?force=1"))
            ++removed;
    }
    return removed;
}

void DockerSandbox::start(const SandboxSpec &spec)
{
    if (spec.wallSeconds > 0)
        m_wallClock->start(spec.wallSeconds * 1000);
    m_worker = std::thread(&DockerSandbox::work, this, spec);
}

void DockerSandbox::kill(const QString &why)
{
    if (m_killed.exchange(true))
        return;
    m_killReason = why;
    std::string id;
    {
        std::lock_guard lock(m_mutex);
        id = m_containerId;
    }
    if (id.empty())
        return;
    // Its own client: the worker's handle is busy streaming logs.
    DockerClient client(m_endpoint);
    if (client.negotiate())
        client.request("POST", "/containers/" + id + "/kill", {}, 10);
}

void DockerSandbox::work(const SandboxSpec &spec)
{
    QPointer<DockerSandbox> self(this);
    auto end = [this](End how, int code, const QString &detail) {
        post([this, how, code, detail] {
            m_wallClock->stop();
            Q_EMIT ended(how, code, detail);
        });
    };
    DockerClient client(m_endpoint);
    auto version = client.negotiate();
    if (!version) {
        end(End::Failed, -1, QString::fromStdString(version.error().message));
        return;
    }
    m_engineVersion = *version;
    if (auto ok = checkBinds(spec); !ok) {
        end(End::Failed, -1, QString::fromStdString(ok.error().message));
        return;
    }
    auto created = client.request("POST", "/containers/create?name=warden-" + spec.runId,
                                  createBody(spec, client.isPodman()).dump());
    if (!created || created->status != 201) {
        end(End::Failed, -1,
            created ? tr("the engine refused to create the container (HTTP %1): %2")
                          .arg(created->status)
                          .arg(QString::fromStdString(created->body.substr(0, 300)))
                    : QString::fromStdString(created.error().message));
        return;
    }
    const std::string id = JsonLookup::stringOr(created->json(), "Id");
    {
        std::lock_guard lock(m_mutex);
        m_containerId = id;
    }
    auto remove = [&] { client.request("DELETE", "/containers/" + id + "?force=1&v=1", {}, 30); };

    auto inspect = client.request("GET", "/containers/" + id + "/json");
    const auto problems =
        inspect ? hardeningProblems(inspect->json(), spec) : std::vector<std::string>{inspect.error().message};
    nlohmann::json hardening = {
        {"checked", true}, {"ok", problems.empty()}, {"problems", problems}, {"container", id.substr(0, 12)}};
    post([this, hardening] { m_hardening = hardening; });
    if (!problems.empty()) {
        remove();
        std::string list;
        for (const auto &p : problems)
            list += (list.empty() ? "" : "; ") + p;
        end(End::Failed, -1,
            tr("hardening check failed, the container was not started: %1").arg(QString::fromStdString(list)));
        return;
    }
    if (m_killed) {
        remove();
        end(End::Killed, -1, m_killReason);
        return;
    }
    auto started = client.request("POST", "/containers/" + id + "/start");
    if (!started || (started->status != 204 && started->status != 304)) {
        remove();
        // The engine's own words, so "why" is on record (and on screen).
        const std::string why =
            !started ? started.error().message : JsonLookup::stringOr(started->json(), "message", started->body);
        end(End::Failed, -1, tr("the container did not start: %1").arg(QString::fromStdString(why).left(300)));
        return;
    }
    post([this] { Q_EMIT this->started(); });

    DockerStreamDemuxer demux([this](int, std::string_view line) {
        const QString text = QString::fromUtf8(line.data(), static_cast<qsizetype>(line.size()));
        post([this, text] { Q_EMIT outputLine(text); });
    });
    client.stream("/containers/" + id + "/logs?follow=1&stdout=1&stderr=1",
                  [&demux](std::string_view bytes) { demux.feed(bytes); });
    demux.finish();
    auto waited = client.request("POST", "/containers/" + id + "/wait", {}, 0);
    const int code = waited ? static_cast<int>(JsonLookup::integerOr(waited->json(), "StatusCode", -1)) : -1;
    // A memory kill is said as such, not as "exited with status 137".
    auto state = client.request("GET", "/containers/" + id + "/json");
    const bool oom = state && JsonLookup::booleanOr(JsonLookup::objectOr(state->json(), "State"), "OOMKilled", false);
    remove();
    if (m_killed)
        end(End::Killed, code, m_killReason);
    else if (oom) {
        post([this] { m_limitHit = QStringLiteral("memory"); }); // before the end, on the same thread
        end(End::Failed, code, tr("a process was killed for memory (the run's limit is %1 MiB)").arg(spec.memoryMb));
    } else
        end(code == 0 ? End::Finished : End::Failed, code,
            code == 0 ? tr("exited normally") : tr("exited with status %1").arg(code));
}

} // namespace warden
