#pragma once

#include "core/common/Error.h"
#include "core/judge/TraceEvaluation.h"

#include <string>
#include <vector>

namespace warden {

class AuditStore;

// The recorded example stories shipped inside the binary (resources/
// declarations and resources/traces): an injected code-bot, a benign one and
// kubesleuth with the implant line. Replaying one judges it exactly as a live
// run would be judged and can store it as a run.
class ExampleReplay {
public:
    static std::vector<std::string> names();
    static Result<TraceEvaluation> evaluate(const std::string &name);
    // Evaluates and records; returns the new run's id once it is committed.
    static Result<std::string> record(const std::string &name, AuditStore &store);
};

} // namespace warden
