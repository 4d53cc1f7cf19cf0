#pragma once

#include "core/common/Error.h"
#include "core/supervise/SyscallNotice.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/types.h>
#include <thread>

class QSocketNotifier;

namespace warden {

// The warden's side of a sandbox's seccomp supervision. It listens on the
// run's supervisor socket for the init's listener (SCM_RIGHTS), then reads
// notifications on a thread of its own: calls that stay inside the sandbox
// are let through at once; every other one is decoded and handed to the run
// (noticed), which judges it and answers with allow() or deny(). The
// supervised thread waits meanwhile, so nothing goes through unseen: when
// this object goes (or stop()), the listener closes and every waiting or
// later supervised call fails with ENOSYS.
class SyscallSupervisor : public QObject {
    Q_OBJECT
public:
    // Notifications waiting for the run's answer at once; past this a call
    // is refused at once (EAGAIN) and counted: a flood stays bounded.
    static constexpr int kMaxWaiting = 256;

    explicit SyscallSupervisor(QObject *parent = nullptr);
    ~SyscallSupervisor() override;

    using AllowAtOnce = std::function<bool(const SyscallNotice &)>;

    Result<void> listen(const QString &socketPath);
    // A test run on the reader thread (so it must be thread-safe) for calls
    // that may go ahead before the run's thread sees them: those it passes
    // are answered at once and handed over with allowedAtOnce set. At most
    // kMaxWaiting such notices are unhandled at a time; past that, calls
    // wait for the run as every other does. Set before listen().
    void setAllowAtOnce(AllowAtOnce test) { m_allowAtOnce = std::move(test); }
    // Only this user may hand a listener over (the sandbox's user).
    void setPeerUid(uid_t uid) { m_peerUid = uid; }

    bool isSupervising() const { return m_listener.load() >= 0; }
    // Answers one notification. Safe from any thread; a call whose process
    // is gone, or answered twice, is ignored by the kernel.
    void allow(std::uint64_t id);
    void deny(std::uint64_t id, int error);
    // Closes the listener: supervised calls fail from now on (for tests, and
    // for a run that ends).
    void stop();

    std::uint64_t refusedOverflow() const { return m_overflow.load(); }

Q_SIGNALS:
    void handedOver(int initPid);
    void noticed(const warden::SyscallNotice &notice);
    // A handoff that was refused, or supervision that ended unexpectedly.
    void problem(const QString &message);

private:
    void acceptHandoff();
    void readLoop(int listener, int stopFd, int initPid);
    void answer(std::uint64_t id, int error, bool proceed);

    int m_server = -1;
    QString m_path;
    QSocketNotifier *m_accept = nullptr;
    std::optional<uid_t> m_peerUid;
    std::atomic<int> m_listener{-1};
    std::mutex m_answerLock; // the listener is not closed under an answer
    int m_stop[2] = {-1, -1};
    std::thread m_reader;
    std::atomic<int> m_waiting{0};
    AllowAtOnce m_allowAtOnce;
    std::atomic<int> m_unhandled{0}; // answered at once, not yet handed to the run
    std::atomic<std::uint64_t> m_overflow{0};
};

} // namespace warden
