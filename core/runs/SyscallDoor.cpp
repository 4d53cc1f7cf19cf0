#include "core/runs/SyscallDoor.h"

#include "core/runs/CanaryFiles.h"
#include "core/supervise/SyscallNotice.h"
#include "core/supervise/SyscallSupervisor.h"

#include <QPointer>
#include <QTimer>

#include <cerrno>

namespace warden {

SyscallDoor::SyscallDoor(SyscallSupervisor &syscalls, CanaryFiles &canaryFiles, RunRecorder &run, QObject *parent)
    : QObject(parent),
      m_syscalls(syscalls),
      m_canaryFiles(canaryFiles),
      m_run(run),
      m_repeats(SyscallSupervisor::kMaxWaiting),
      m_flush(new QTimer(this))
{
    m_flush->setSingleShot(true);
    m_flush->setInterval(1000);
    connect(m_flush, &QTimer::timeout, this, &SyscallDoor::flushRepeats);
    connect(&m_syscalls, &SyscallSupervisor::noticed, this, &SyscallDoor::onNotice);
    // Only a call about one place: a rename or link between two is judged
    // for both here, on the run's thread.
    m_syscalls.setAllowAtOnce([allows = m_run.allowsAtOnce()](const SyscallNotice &notice) {
        return allows && notice.alsoChanges().empty() && allows(notice.toAction());
    });
}

void SyscallDoor::addCanaries(Action &action, const std::function<std::vector<std::string>(const std::string &)> &find)
{
    // A canary in a program's arguments or a DNS name is data on its way out.
    if (action.kind == ActionKind::Process) {
        std::string words;
        for (const auto &word : action.argv)
            words += word + ' ';
        action.canaries = find(words);
    } else if (action.kind == ActionKind::Egress) {
        action.canaries = find(action.host);
    }
}

void SyscallDoor::end()
{
    m_flush->stop();
    flushRepeats();
}

void SyscallDoor::flushRepeats()
{
    auto records =
        m_repeats.flush(m_run.runIdentity(), m_run.lastSeq(), [this](std::string &text) { m_run.redact(text); });
    if (!records.empty())
        m_run.record(std::move(records), [](bool) {});
}

void SyscallDoor::onNotice(const SyscallNotice &notice)
{
    Action action = notice.toAction();
    addCanaries(action, [this](const std::string &text) { return m_run.canariesIn(text); });
    QPointer<SyscallSupervisor> syscalls(&m_syscalls);
    const std::uint64_t id = notice.id;
    if (notice.allowedAtOnce) {
        // It went ahead on the supervisor's thread: on record now, nothing to answer.
        if (notice.kind == supervised::CallClass::Exec)
            m_repeats.execJudged(notice.pid, notice.path, notice.argv, true);
        else
            m_repeats.judged(SyscallRepeats::keyOf(action), action, true);
        m_run.recordAllowedAtOnce(std::move(action));
        return;
    }
    if (notice.unreadable) {
        // Never guessed: what cannot be read is refused, and that is on record.
        Verdict refused;
        refused.declared = false;
        refused.decision = Decision::Deny;
        refused.reasons.push_back({"syscalls", "the call's arguments could not be read (" + notice.why + ")"});
        m_run.recordDecided(std::move(action), std::move(refused));
        m_syscalls.deny(id, EPERM);
        return;
    }
    if (notice.launch) {
        // The run's own command, as the launcher chose it: let through at once
        // (the agent is not running yet) and on record as the first process.
        // What opened the canary files so far was the sandbox being set up.
        m_canaryFiles.arm();
        m_syscalls.allow(id);
        Verdict v;
        v.declared = true;
        v.decision = Decision::Allow;
        v.rule = "run: the command the run was started with";
        m_run.recordDecided(std::move(action), std::move(v));
        return;
    }
    const bool missing = notice.missing;
    const bool exec = notice.kind == supervised::CallClass::Exec && !missing;
    if (exec && m_repeats.isPathSearch(notice.pid, notice.path, notice.argv)) {
        m_syscalls.deny(id, EPERM);
        return;
    }
    // A call refused often already is refused again at once, counted, not
    // recorded one by one (programs keep their own retry logic for execs).
    std::string repeatKey;
    if (!exec && !missing) {
        repeatKey = SyscallRepeats::keyOf(action);
        if (m_repeats.refuseUnrecorded(repeatKey)) {
            m_syscalls.deny(id, EPERM);
            if (!m_flush->isActive())
                m_flush->start();
            return;
        }
    }
    QPointer<SyscallDoor> self(this);
    m_run.judgeAndRecord(
        std::move(action), [self, syscalls, id, missing, exec, pid = notice.pid, path = notice.path, argv = notice.argv,
                            repeatKey = std::move(repeatKey),
                            second = notice.alsoChanges()](const Action &judged, const Verdict &verdict) {
            const bool allowed = verdict.decision == Decision::Allow;
            if (allowed && !second.empty() && self) {
                // A rename or link between two places outside the scratch: the
                // second is judged on its own, and the call goes ahead only if
                // both may.
                Action other = judged;
                other.seq = 0;
                other.timeMs.reset();
                other.path = second;
                self->m_run.judgeAndRecord(std::move(other), [syscalls, id](const Action &, const Verdict &v) {
                    if (syscalls)
                        v.decision == Decision::Allow ? syscalls->allow(id) : syscalls->deny(id, EPERM);
                });
                return;
            }
            if (self) {
                self->m_repeats.judged(repeatKey, judged, allowed);
                if (exec)
                    self->m_repeats.execJudged(pid, path, argv, allowed);
            }
            if (!syscalls)
                return; // the listener went with it: the call failed closed
            if (missing)
                syscalls->deny(id, ENOENT); // nothing there to run, whatever the verdict
            else if (allowed)
                syscalls->allow(id);
            else
                syscalls->deny(id, EPERM);
        });
}

} // namespace warden
