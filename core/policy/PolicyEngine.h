#pragma once

#include "core/policy/Declaration.h"
#include "core/policy/Verdict.h"
#include "core/trace/Action.h"

#include <memory>

namespace warden {

// Judges single actions against one compiled declaration. Pure: no I/O, no
// clock of its own (an action's time is its input), no mutable state, so one
// engine may be shared by every thread of a run.
class PolicyEngine {
public:
    explicit PolicyEngine(std::shared_ptr<const Declaration> declaration);

    Verdict evaluate(const Action &action) const;
    const Declaration &declaration() const { return *m_declaration; }

private:
    void evaluateTool(const Action &action, Verdict &verdict) const;
    void evaluateEgress(const Action &action, Verdict &verdict) const;
    void evaluateModel(const Action &action, Verdict &verdict) const;
    void evaluateSecret(const Action &action, Verdict &verdict) const;
    void evaluateProcess(const Action &action, Verdict &verdict) const;
    void evaluateFile(const Action &action, Verdict &verdict) const;

    // Checks one parameter value; appends a reason for each failed constraint.
    void checkParam(const std::string &prefix, const std::string &name, const ParamRule &rule,
                    const nlohmann::json &value, std::vector<Reason> &reasons) const;
    // The destination that covers host:port, or nullptr.
    const Destination *destinationFor(const std::string &host, int port) const;

    std::shared_ptr<const Declaration> m_declaration;
};

} // namespace warden
