#pragma once

#include "core/runs/RunRecorder.h"
#include "core/runs/SyscallRepeats.h"

#include <QObject>

#include <functional>
#include <string>
#include <vector>

class QTimer;

namespace warden {

class CanaryFiles;
class SyscallSupervisor;
struct SyscallNotice;

// The syscall supervisor as a door of its run: each call the sandbox's
// filter hands over (a program run, an address reached, a write outside
// the scratch, a privileged call) is judged and recorded, then let through
// or refused (EPERM; ENOENT for a program that is not there) while the
// calling thread waits. The run's own command is let through at once and
// recorded as its first process; a call whose arguments cannot be read is
// refused, never guessed; a refusal retried in a loop is counted
// (SyscallRepeats), one record a second. A declared program or a write in
// a declared scope (one place) goes ahead on the supervisor's thread and is
// recorded here after (RunRecorder::allowsAtOnce, docs/AUDIT.md).
class SyscallDoor : public QObject {
    Q_OBJECT
public:
    SyscallDoor(SyscallSupervisor &syscalls, CanaryFiles &canaryFiles, RunRecorder &run, QObject *parent = nullptr);

    // The run is ending: the last counts go on record now.
    void end();

    // The canaries a call's action carries out: in a program's arguments, or
    // a DNS name. `find` names those in a text.
    static void addCanaries(Action &action, const std::function<std::vector<std::string>(const std::string &)> &find);

private:
    void onNotice(const SyscallNotice &notice);
    void flushRepeats();

    SyscallSupervisor &m_syscalls;
    CanaryFiles &m_canaryFiles;
    RunRecorder &m_run;
    SyscallRepeats m_repeats;
    QTimer *m_flush;
};

} // namespace warden
