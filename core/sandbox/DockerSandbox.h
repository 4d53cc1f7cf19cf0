#pragma once

#include "core/sandbox/DockerClient.h"
#include "core/sandbox/Sandbox.h"

#include <atomic>
#include <mutex>
#include <thread>

class QTimer;

namespace warden {

// A run's sandbox as a Docker container, through the Engine API over libcurl
// on a worker thread. Created with no network, every capability dropped, a
// read-only root, no-new-privileges, a non-root user, pid, memory and CPU
// limits and tmpfs scratch; then inspected, and removed without starting if
// any of that is not what the engine actually set. Removed at the end,
// whichever way the run ends.
class DockerSandbox : public Sandbox {
    Q_OBJECT
public:
    explicit DockerSandbox(DockerEndpoint endpoint, QObject *parent = nullptr);
    ~DockerSandbox() override;

    void start(const SandboxSpec &spec) override;
    void kill(const QString &why) override;
    QString description() const override;
    nlohmann::json hardening() const override;

    static DockerEndpoint endpointFromEnvironment() { return DockerEndpoint::fromEnvironment(); }
    // The create request for `spec` (public for tests).
    // `podman`: the engine reads the seccomp profile from a path.
    static nlohmann::json createBody(const SandboxSpec &spec, bool podman = false);
    // Problems with the inspected container against what was asked; empty when hardened.
    static std::vector<std::string> hardeningProblems(const nlohmann::json &inspect, const SandboxSpec &spec);
    // Refuses bind sources that would hand the sandbox the host (docker.sock, /, /etc, /run, ...).
    static Result<void> checkBinds(const SandboxSpec &spec);
    // Removes containers left by an earlier warden that crashed. Returns how many.
    static Result<int> removeLeftovers(const DockerEndpoint &endpoint);

private:
    void work(const SandboxSpec &spec);
    void post(std::function<void()> fn);

    DockerEndpoint m_endpoint;
    QTimer *m_wallClock;
    std::thread m_worker;
    std::atomic<bool> m_killed{false};
    std::mutex m_mutex;
    std::string m_containerId;
    std::string m_engineVersion;
    QString m_killReason;
    nlohmann::json m_hardening = nlohmann::json::object();
};

} // namespace warden
