#pragma once

#include "core/common/Error.h"

#include <QString>

#include <string>

namespace warden {

class AuditStore;

// What a warden does when it starts after a crash: approval requests that
// were pending are recorded as expired (never executed), and runs that were
// starting or running are recorded as failed. Their sandboxes died with the
// warden (bubblewrap's --die-with-parent) or are removed by label (Docker);
// their run directories (sockets, canary files) are swept here.
class RunRecovery {
public:
    struct Outcome {
        int approvalsExpired = 0;
        int runsFailed = 0;
        int directoriesRemoved = 0;
    };
    static Result<Outcome> recover(AuditStore &store);

    // Run directories are named after the warden process that owns them
    // ("warden-run-PID-XXXXXX" in the temp dir), so one whose process is gone
    // can be removed without touching a live warden's runs.
    static QString runDirectoryTemplate();
    static int sweepRunDirectories();
};

} // namespace warden
