#pragma once

#include "core/common/Error.h"
#include "core/judge/Judgement.h"
#include "core/policy/Declaration.h"
#include "core/policy/Verdict.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace warden {

// A whole trace judged against a declaration: one verdict per action and the
// judge's view of the sequence. The same engine and judge serve live runs;
// this is the offline path shared by `wardenctl evaluate` and the console.
struct TraceEvaluation {
    std::shared_ptr<const Declaration> declaration;
    std::vector<Action> actions;
    std::vector<Verdict> verdicts;
    Judgement judgement;

    static TraceEvaluation evaluate(std::shared_ptr<const Declaration> declaration, std::vector<Action> actions);
    static Result<TraceEvaluation> evaluateFiles(const std::string &declarationPath, const std::string &tracePath);

    // The document of the command-line contract (DESIGN.md, "Trace and evaluation").
    nlohmann::json toJson() const;
};

} // namespace warden
