#include "ui/live/RunLauncher.h"

#include "core/agents/AgentDemo.h"
#include "core/agents/AgentRun.h"
#include "core/common/AsyncJob.h"
#include "core/common/ResourcePaths.h"
#include "core/common/TextFile.h"
#include "core/host/HostEndpoint.h"
#include "core/policy/Declaration.h"
#include "core/runs/RunSupervisor.h"
#include "core/scenarios/CustomRun.h"
#include "core/scenarios/DemoScenario.h"
#include "core/scenarios/ExampleReplay.h"
#include "ui/hosts/HostListModel.h"
#include "ui/hosts/HostsPanel.h"
#include "ui/live/AgentRunDialog.h"
#include "ui/live/CustomRunDialog.h"

#include <QFileInfo>
#include <QTimer>

namespace warden::ui {

namespace {

QString launcherName()
{
    return qEnvironmentVariable("USER", QStringLiteral("console"));
}

} // namespace

RunLauncher::RunLauncher(RunSupervisor &supervisor, HostsPanel &hosts, QWidget *window)
    : QObject(window), m_supervisor(supervisor), m_hosts(hosts), m_window(window)
{
    m_prompt = [this](QWidget *owner, const CustomLaunch *previous,
                      const QString &problem) -> std::optional<CustomLaunch> {
        std::vector<CustomRunDialog::RemoteHost> docker, wardens;
        for (const auto &h : m_hosts.model()->hosts()) {
            const CustomRunDialog::RemoteHost entry{QString::fromStdString(h.id), QString::fromStdString(h.name)};
            if (h.kind == HostProfile::Kind::Docker)
                docker.push_back(entry);
            else if (h.kind == HostProfile::Kind::Warden)
                wardens.push_back(entry);
        }
        CustomRunDialog dialog(m_defaultBackend, docker, wardens, owner);
        if (previous)
            dialog.prefill(*previous, problem);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.request();
    };
    m_agentPrompt = [this](QWidget *owner, const AgentLaunch *previous,
                           const QString &problem) -> std::optional<AgentLaunch> {
        std::vector<CustomRunDialog::RemoteHost> docker;
        for (const auto &h : m_hosts.model()->hosts())
            if (h.kind == HostProfile::Kind::Docker)
                docker.push_back({QString::fromStdString(h.id), QString::fromStdString(h.name)});
        AgentRunDialog dialog(m_defaultBackend, docker, owner);
        if (previous)
            dialog.prefill(*previous, problem);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.request();
    };
    // Demos asked for while the store was still opening start once it is open.
    connect(&m_supervisor, &RunSupervisor::opened, this, [this] {
        auto waiting = std::move(m_waiting);
        m_waiting.clear();
        for (const auto &[name, backend] : waiting)
            startDemo(name, backend);
    });
}

void RunLauncher::setDefaults(const QString &defaultBackend, int approvalDeadlineSeconds)
{
    m_defaultBackend = defaultBackend.isEmpty() ? QStringLiteral("bwrap") : defaultBackend;
    m_deadlineSeconds = approvalDeadlineSeconds;
}

Result<std::pair<std::string, std::optional<DockerEndpoint>>> RunLauncher::backend(const QString &name) const
{
    if (name == QLatin1String("bwrap") || name == QLatin1String("docker"))
        return std::make_pair(name.toStdString(), std::optional<DockerEndpoint>());
    const int row = m_hosts.model()->rowOf(name);
    if (row >= 0) {
        const HostProfile &host = m_hosts.model()->hosts()[std::size_t(row)];
        if (host.kind == HostProfile::Kind::Docker)
            return std::make_pair(std::string("docker"), std::optional<DockerEndpoint>(host.dockerEndpoint()));
        if (host.kind == HostProfile::Kind::Bubblewrap)
            return std::make_pair(std::string("bwrap"), std::optional<DockerEndpoint>());
    }
    return fail("no such host here: \"" + name.toStdString() + "\" (bwrap, docker or a Docker host's id)", "host");
}

void RunLauncher::startLocal(std::function<Result<RunConfig>()> build, const std::optional<DockerEndpoint> &docker)
{
    m_supervisor.startWhenBuilt([build = std::move(build), docker, deadline = m_deadlineSeconds,
                                 launcher = launcherName().toStdString()]() -> Result<RunConfig> {
        auto config = build();
        if (!config)
            return config;
        config->launcher = launcher;
        config->approvalTimeoutSeconds = deadline;
        config->dockerEndpoint = docker;
        return config;
    });
}

void RunLauncher::startDemo(const QString &name, const QString &chosen)
{
    const QString backendName = chosen.isEmpty() ? m_defaultBackend : chosen;
    if (!m_supervisor.isOpen()) {
        m_waiting.emplace_back(name, backendName);
        return;
    }
    auto where = backend(backendName);
    if (!where) {
        Q_EMIT failed(QString::fromStdString(where.error().toString()));
        return;
    }
    Q_EMIT status(tr("Preparing the %1 demo (%2)…").arg(name, backendName));
    // Building the image takes a minute the first time: off the GUI thread.
    startLocal(
        [name = name.toStdString(), kind = where->first]() -> Result<RunConfig> {
            auto image = ResourcePaths::defaultImage(kind);
            if (!image)
                return std::unexpected(image.error());
            return AgentDemo::configFor(name, kind, *image);
        },
        where->second);
}

void RunLauncher::startRemoteDemo(const QString &hostId, const QString &name)
{
    startRemote(hostId, name, {{"demo", name.toStdString()}, {"backend", "bwrap"}});
}

void RunLauncher::startRemote(const QString &hostId, const QString &what, nlohmann::json request)
{
    const int row = m_hosts.model()->rowOf(hostId);
    if (row < 0 || !m_supervisor.isOpen()) {
        Q_EMIT failed(row < 0 ? tr("No such host: %1").arg(hostId)
                              : tr("The audit store is not open yet; try again in a moment."));
        return;
    }
    const HostProfile host = m_hosts.model()->hosts()[std::size_t(row)];
    auto endpoint = HostEndpoint::parse(host.address);
    if (host.kind != HostProfile::Kind::Warden || !endpoint) {
        Q_EMIT failed(tr("%1 is not a Warden host").arg(QString::fromStdString(host.name)));
        return;
    }
    endpoint->caFile = QString::fromStdString(host.caFile);
    Q_EMIT status(tr("Starting %1 on %2…").arg(what, QString::fromStdString(host.name)));
    request["approval_timeout"] = m_deadlineSeconds;
    request["launcher"] = launcherName().toStdString();
    m_hosts.loadToken(hostId, [this, endpoint = *endpoint, request = std::move(request)](std::optional<QString> token,
                                                                                         const QString &error) mutable {
        if (!token) {
            Q_EMIT failed(tr("No token for %1 in the keychain: %2").arg(QString::fromStdString(endpoint.url()), error));
            return;
        }
        endpoint.token = token->toStdString();
        m_supervisor.startRemote(endpoint, std::move(request));
    });
}

void RunLauncher::startCustom()
{
    askCustom(std::nullopt, {});
}

void RunLauncher::customFailed(const CustomLaunch &launch, const QString &problem)
{
    Q_EMIT failed(problem);
    // Asked again on the next turn, not inside the answer that failed.
    QTimer::singleShot(0, this, [this, launch, problem] { askCustom(launch, problem); });
}

void RunLauncher::askCustom(const std::optional<CustomLaunch> &previous, const QString &problem)
{
    auto request = m_prompt(m_window, previous ? &*previous : nullptr, problem);
    if (!request)
        return;
    if (!m_supervisor.isOpen()) {
        customFailed(*request, tr("The audit store is not open yet; try again in a moment."));
        return;
    }
    // The declaration is read and checked first, off this thread, so that a
    // mistake names its file's line before anything starts or is sent.
    runAsync(
        this,
        [file = request->declarationFile.toStdString()]() -> Result<std::string> {
            auto text = readTextFile(file, 1024 * 1024);
            if (!text)
                return text;
            if (auto declaration = Declaration::parse(*text, file); !declaration)
                return std::unexpected(declaration.error());
            return text;
        },
        [this, launch = *request](Result<std::string> text) {
            if (!text) {
                customFailed(launch, QString::fromStdString(text.error().toString()));
                return;
            }
            launchCustom(launch, *text);
        });
}

void RunLauncher::launchCustom(const CustomLaunch &launch, const std::string &declarationText)
{
    if (!launch.remoteHost.isEmpty()) {
        nlohmann::json argv = nlohmann::json::array();
        for (const QString &word : launch.argv)
            argv.push_back(word.toStdString());
        startRemote(
            launch.remoteHost, launch.argv.join(QLatin1Char(' ')),
            {{"declaration", declarationText}, {"argv", std::move(argv)}, {"backend", launch.host.toStdString()}});
        return;
    }
    auto where = backend(launch.host);
    if (!where) {
        customFailed(launch, QString::fromStdString(where.error().toString()));
        return;
    }
    Q_EMIT status(tr("Preparing a run of %1 (%2)…").arg(launch.argv.join(QLatin1Char(' ')), launch.host));
    std::vector<std::string> argv;
    for (const QString &a : launch.argv)
        argv.push_back(a.toStdString());
    startLocal(
        [text = declarationText, file = launch.declarationFile.toStdString(), argv, kind = where->first,
         image = launch.image.toStdString(), data = launch.dataDir.toStdString()]() -> Result<RunConfig> {
            auto declaration = Declaration::parse(text, file);
            if (!declaration)
                return std::unexpected(declaration.error());
            CustomRun run;
            run.declaration = std::make_shared<const Declaration>(std::move(*declaration));
            run.hostKind = kind;
            run.argv = argv;
            run.dataDir = data;
            run.image = image;
            if (run.image.empty()) {
                auto chosen = ResourcePaths::defaultImage(kind);
                if (!chosen)
                    return std::unexpected(chosen.error());
                run.image = *chosen;
            }
            return run.config();
        },
        where->second);
}

void RunLauncher::startAgent()
{
    askAgent(std::nullopt, {});
}

void RunLauncher::agentFailed(const AgentLaunch &launch, const QString &problem)
{
    Q_EMIT failed(problem);
    QTimer::singleShot(0, this, [this, launch, problem] { askAgent(launch, problem); });
}

void RunLauncher::askAgent(const std::optional<AgentLaunch> &previous, const QString &problem)
{
    auto request = m_agentPrompt(m_window, previous ? &*previous : nullptr, problem);
    if (!request)
        return;
    if (!m_supervisor.isOpen()) {
        agentFailed(*request, tr("The audit store is not open yet; try again in a moment."));
        return;
    }
    auto where = backend(request->host);
    if (!where) {
        agentFailed(*request, QString::fromStdString(where.error().toString()));
        return;
    }
    Q_EMIT status(tr("Preparing a run of %1 on %2…").arg(request->cli, request->workspace));
    // The run is built whole off this thread (the declaration read, the
    // workspace checked, the image found), so that a mistake brings the
    // dialog back before anything starts.
    runAsync(
        this,
        [launch = *request, kind = where->first]() -> Result<RunConfig> {
            AgentRun run;
            run.profile = AgentProfile::find(launch.cli.toStdString());
            if (!run.profile)
                return fail("no agent CLI \"" + launch.cli.toStdString() + "\"", "agent");
            run.installation = ResourcePaths::agentsDir() + "/" + run.profile->name;
            run.workspace = QFileInfo(launch.workspace).absoluteFilePath().toStdString();
            run.modelUrl = launch.modelUrl.toStdString();
            run.prompt = launch.prompt.toStdString();
            run.apiKey = qEnvironmentVariable(run.profile->apiKeyVariable.c_str()).toStdString();
            run.hostKind = kind;
            std::string file = launch.declarationFile.toStdString();
            if (file.empty()) {
                auto resources = ResourcePaths::root();
                if (!resources)
                    return std::unexpected(resources.error());
                file = *resources + "/declarations/" + run.profile->declaration;
            }
            auto text = readTextFile(file, 1024 * 1024);
            if (!text)
                return std::unexpected(text.error());
            run.declarationText = *text;
            run.declarationName = file;
            auto image = ResourcePaths::defaultImage(kind);
            if (!image)
                return std::unexpected(image.error());
            run.image = *image;
            return run.config();
        },
        [this, launch = *request, docker = where->second](Result<RunConfig> config) {
            if (!config) {
                agentFailed(launch, QString::fromStdString(config.error().toString()));
                return;
            }
            // Built once, started once: what the run keeps has one owner.
            startLocal([config = std::move(*config)]() mutable -> Result<RunConfig> { return std::move(config); },
                       docker);
        });
}

void RunLauncher::recordExample(const QString &name, const QString &storePath)
{
    Q_EMIT status(tr("Replaying %1…").arg(name));
    runAsync(
        this,
        [path = storePath.toStdString(), example = name.toStdString()]() -> Result<std::string> {
            auto store = AuditStore::open(path);
            if (!store)
                return std::unexpected(store.error());
            return ExampleReplay::record(example, **store);
        },
        [this](Result<std::string> runId) {
            if (!runId) {
                Q_EMIT failed(QString::fromStdString(runId.error().toString()));
                return;
            }
            Q_EMIT exampleRecorded(QString::fromStdString(*runId));
        });
}

} // namespace warden::ui
