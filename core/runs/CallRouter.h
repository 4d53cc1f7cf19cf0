#pragma once

#include "core/approvals/ApprovalQueue.h"
#include "core/gateway/GatewayAnswer.h"
#include "core/policy/Verdict.h"
#include "core/runs/JudgedCall.h"
#include "core/runs/RunConfig.h"
#include "core/runs/RunRecorder.h"
#include "core/store/AuditRecord.h"
#include "core/trace/Action.h"

#include <QObject>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace warden {

// Where a judged call goes, whichever door it came in by: answered denied,
// held for a reviewer (on record as pending before anyone sees it), its code
// scanned, carried out by the warden's executor or let through to the door's
// far side; and the one response record of its answer, written here only.
// Lives on its run's thread.
class CallRouter : public QObject {
    Q_OBJECT
public:
    // `run`: its store (with the run's quota), its judging of the actions a
    // scanned code would take, and its canary redaction.
    CallRouter(const RunConfig &config, ApprovalQueue &approvals, RunRecorder &run, QObject *parent = nullptr);

    // Sends `call` where `verdict` leads.
    void route(JudgedCall call, const Action &action, const Verdict &verdict);
    // A forwarded call's far side answered (`result`, the server's result,
    // or `error` when it failed); its response record is written.
    void answered(const std::string &key, const nlohmann::json &result, bool isError, const std::string &error);
    // A forwarded call that will not be answered (its session went): forgotten.
    void forget(const std::string &key) { m_forwarded.erase(key); }
    std::size_t callsInFlight() const { return m_forwarded.size(); }

private:
    void answer(const JudgedCall &call, GatewayAnswer answer, const std::string &reason,
                const nlohmann::json &result = nullptr);
    void respond(const JudgedCall &call, GatewayAnswer decided, const std::string &reason, nlohmann::json extra);
    void scanCode(const JudgedCall &call, const std::string &code);
    void execute(const JudgedCall &call, GatewayAnswer decided);
    void requestApproval(const JudgedCall &call, const Action &action, const Verdict &verdict);
    void submitApproval(const ApprovalRequest &approval, const JudgedCall &call);

    const RunConfig &m_config;
    ApprovalQueue &m_approvals;
    RunRecorder &m_run;
    // Calls let through to their door's far side, until it answers: how each
    // was decided, for its response record.
    struct Forwarded {
        JudgedCall call;
        GatewayAnswer decided = GatewayAnswer::Allow;
    };
    std::map<std::string, Forwarded> m_forwarded;
};

} // namespace warden
