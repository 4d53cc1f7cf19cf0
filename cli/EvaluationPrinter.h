#pragma once

#include "cli/CliContext.h"
#include "core/judge/TraceEvaluation.h"

namespace warden {

// The human-readable table of verdicts and the judgement, shared by
// `wardenctl evaluate` and `wardenctl demo`.
class EvaluationPrinter {
public:
    static void print(const TraceEvaluation &evaluation, CliContext &ctx);
};

} // namespace warden
