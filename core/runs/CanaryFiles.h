#pragma once

#include "core/common/Error.h"
#include "core/judge/Judge.h"
#include "core/sandbox/SandboxSpec.h"

#include <QObject>
#include <QString>

#include <string>
#include <vector>

class QSocketNotifier;

namespace warden {

// Credentials files planted in a run's sandbox where agents look for them
// (~/.aws/credentials, ~/.config/gh/hosts.yml, ~/.netrc, a .env in the
// working directory), each holding the run's canary values. Every open of
// one is seen through inotify on the warden's own copy (the sandbox sees it
// through a read-only bind mount): no system call of the agent waits for
// it, and no other file's open costs anything.
class CanaryFiles : public QObject {
    Q_OBJECT
public:
    struct File {
        std::string sandboxPath;          // /tmp/.aws/credentials
        std::string shown;                // ~/.aws/credentials
        std::vector<std::string> secrets; // the canaries it holds
        std::string hostPath;
        int watch = -1;
        int opens = 0;
    };

    // Opens of one file recorded at most; later ones are counted only (an
    // agent in a loop must not fill the audit log).
    static constexpr int kMaxRecordedOpens = 8;

    explicit CanaryFiles(QObject *parent = nullptr);
    ~CanaryFiles() override;

    // Writes the files under `directory` (made for them) and starts watching
    // them; returns the binds that put them at `home` and `workdir` in the
    // sandbox. A working directory outside the sandbox's scratch gets no
    // .env (the read-only root has no place for it).
    Result<std::vector<SandboxSpec::Bind>> plant(const QString &directory, const std::vector<Judge::Canary> &canaries,
                                                 const std::string &home, const std::string &workdir);
    const std::vector<File> &files() const { return m_files; }

    // Reads every open the kernel has queued so far and reports it (opened),
    // in order. Called before any other action is judged, so a read is on
    // record before what the agent did after it.
    void drain();
    // From now on opens are reported: what came before (the sandbox's own
    // set-up, before the agent runs) is forgotten.
    void arm();

Q_SIGNALS:
    void opened(const warden::CanaryFiles::File &file);
    // Opens the kernel dropped (its queue overflowed): some reads were not seen one by one.
    void overflowed();

private:
    void read(bool report);

    bool m_armed = false;
    int m_inotify = -1;
    QSocketNotifier *m_notifier = nullptr;
    std::vector<File> m_files;
};

} // namespace warden
