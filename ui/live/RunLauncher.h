#pragma once

#include "core/runs/RunConfig.h"
#include "ui/live/AgentLaunch.h"
#include "ui/live/CustomLaunch.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <functional>
#include <optional>

class QWidget;

namespace warden {
class RunSupervisor;
}

namespace warden::ui {

class HostsPanel;

// The console's launches, on the hosts its Hosts screen knows: demos and
// custom runs here (bubblewrap, or a Docker engine from the Hosts screen)
// or on a Warden host, and replays of recorded examples. Configs are built
// off the GUI thread; the supervisor runs them.
class RunLauncher : public QObject {
    Q_OBJECT
public:
    RunLauncher(RunSupervisor &supervisor, HostsPanel &hosts, QWidget *window);

    // The settings' default backend and how long approvals wait.
    void setDefaults(const QString &defaultBackend, int approvalDeadlineSeconds);
    // `backend`: "bwrap", "docker" (DOCKER_HOST) or a Docker host's id;
    // empty: the default. Waits for the store when it is still opening.
    void startDemo(const QString &name, const QString &backend = {});
    void startRemoteDemo(const QString &hostId, const QString &name);
    // Asks for a custom run (the dialog, or a test's seam) and launches it.
    // What stops it before it starts (a declaration's mistake, an unknown
    // host) brings the dialog back with what was typed and the problem in
    // it, until the person fixes it or cancels.
    void startCustom();
    // `previous` and `problem`: what was asked the last time and why it did
    // not start (null and empty the first time).
    using CustomRunPrompt = std::function<std::optional<CustomLaunch>(QWidget *parent, const CustomLaunch *previous,
                                                                      const QString &problem)>;
    void setCustomRunPrompt(CustomRunPrompt prompt) { m_prompt = std::move(prompt); }
    // A real agent CLI on the person's workspace (the agent launcher, or a
    // test's seam), asked again with the problem until it starts or the
    // person cancels, as a custom run is.
    void startAgent();
    using AgentRunPrompt =
        std::function<std::optional<AgentLaunch>(QWidget *parent, const AgentLaunch *previous, const QString &problem)>;
    void setAgentRunPrompt(AgentRunPrompt prompt) { m_agentPrompt = std::move(prompt); }
    // Replays a built-in example into the store (no sandbox).
    void recordExample(const QString &name, const QString &storePath);

Q_SIGNALS:
    void status(const QString &text);
    void failed(const QString &message);
    void exampleRecorded(const QString &runId);

private:
    // The host kind and engine for a backend name; an error for an unknown one.
    Result<std::pair<std::string, std::optional<DockerEndpoint>>> backend(const QString &name) const;
    void startLocal(std::function<Result<RunConfig>()> build, const std::optional<DockerEndpoint> &docker);
    void askCustom(const std::optional<CustomLaunch> &previous, const QString &problem);
    void launchCustom(const CustomLaunch &launch, const std::string &declarationText);
    // Says why and asks again, with what was typed.
    void customFailed(const CustomLaunch &launch, const QString &problem);
    void askAgent(const std::optional<AgentLaunch> &previous, const QString &problem);
    void agentFailed(const AgentLaunch &launch, const QString &problem);
    // Sends `request` (a host run request) to the Warden host `hostId` once
    // its token is out of the keychain; `what` names the run in the status bar.
    void startRemote(const QString &hostId, const QString &what, nlohmann::json request);

    RunSupervisor &m_supervisor;
    HostsPanel &m_hosts;
    QWidget *m_window;
    CustomRunPrompt m_prompt;
    AgentRunPrompt m_agentPrompt;
    QString m_defaultBackend = QStringLiteral("bwrap");
    int m_deadlineSeconds = 15 * 60;
    std::vector<std::pair<QString, QString>> m_waiting; // demos asked for before the store was open
};

} // namespace warden::ui
