#pragma once

#include "common/Error.h"

#include <string>

namespace warden {

class AuditStore;

// What a warden does when it starts after a crash: approval requests that
// were pending are recorded as expired (never executed), and runs that were
// starting or running are recorded as failed. Their sandboxes died with the
// warden (bubblewrap's --die-with-parent) or are removed by label (Docker).
class RunRecovery {
public:
    struct Outcome {
        int approvalsExpired = 0;
        int runsFailed = 0;
    };
    static Result<Outcome> recover(AuditStore &store);
};

} // namespace warden
