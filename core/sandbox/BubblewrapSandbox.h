#pragma once

#include "core/sandbox/RunCgroup.h"
#include "core/sandbox/Sandbox.h"

#include <optional>

class QProcess;
class QTimer;

namespace warden {

// The embedded default: bubblewrap, no daemon. Every namespace unshared (so
// no network at all), all capabilities dropped, no-new-privileges, a
// read-only root from the image directory, tmpfs scratch, an unprivileged
// uid (the host's "nobody" when Warden runs as root), rlimits for processes
// and memory, a wall-clock limit, no further user namespaces and a seccomp
// filter (SeccompFilter). After launch it reads the sandboxed process's
// /proc status and refuses to go on if the result is not hardened, or if
// there was nothing to check.
class BubblewrapSandbox : public Sandbox {
    Q_OBJECT
public:
    explicit BubblewrapSandbox(QObject *parent = nullptr);
    ~BubblewrapSandbox() override;

    void start(const SandboxSpec &spec) override;
    void kill(const QString &why) override;
    QString description() const override;
    nlohmann::json hardening() const override { return m_hardening; }

    // bwrap's arguments (they reach bwrap through a memory file, never its
    // command line).
    static QStringList arguments(const SandboxSpec &spec, int infoFd);
    // The image's top-level entries, each bound on bwrap's empty root.
    static QStringList assembledRootArguments(const std::string &image);
    // Sets up `process` to run `spec` under bwrap without the info pipe: for
    // short helper jobs such as the code scanner. False if it could not.
    [[nodiscard]] static Result<void> configure(QProcess *process, const SandboxSpec &spec);

private:
    void checkHardening(qint64 childPid);
    void readOutput();

    QProcess *m_process;
    QTimer *m_wallClock;
    int m_infoRead = -1;
    QString m_killReason;
    bool m_announced = false;
    nlohmann::json m_hardening = nlohmann::json::object();
    QByteArray m_partial;
    QByteArray m_info;
    int m_hardeningTries = 0;
    std::optional<RunCgroup> m_cgroup;
    std::string m_limits;
    int m_memoryMb = 0;
    bool m_supervised = false;
};

} // namespace warden
