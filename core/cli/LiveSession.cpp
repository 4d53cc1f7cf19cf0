#include "cli/LiveSession.h"

#include "control/ControlServer.h"
#include "runs/LiveRun.h"
#include "runs/RunRecovery.h"
#include "sandbox/BubblewrapSandbox.h"
#include "sandbox/DockerSandbox.h"
#include "store/AuditStore.h"
#include "store/StorePaths.h"

#include <QEventLoop>
#include <QSocketNotifier>

#include <iomanip>
#include <iostream>
#include <unistd.h>

namespace warden {

namespace {

std::string oneLine(std::string s, std::size_t width)
{
    for (auto &c : s)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return s.size() > width ? s.substr(0, width - 3) + "..." : s;
}

} // namespace

int LiveSession::run(RunConfig config, const Options &options, CliContext &ctx)
{
    auto store = AuditStore::open(StorePaths::resolve(options.db));
    if (!store) {
        ctx.err << store.error().toString() << '\n';
        return kExitBadInput;
    }
    // A warden that died left pending approvals and live runs behind: deny
    // and close them before anything new starts.
    if (auto recovered = RunRecovery::recover(**store); !recovered)
        ctx.err << "warning: " << recovered.error().toString() << '\n';
    else if ((recovered->approvalsExpired || recovered->runsFailed) && !options.json)
        ctx.out << ctx.style.dim("recovered from an earlier crash: " + std::to_string(recovered->approvalsExpired) +
                                 " pending approvals denied, " + std::to_string(recovered->runsFailed) +
                                 " live runs marked failed")
                << '\n';
    if (config.hostKind == "docker") {
        if (auto removed = DockerSandbox::removeLeftovers(DockerSandbox::endpointFromEnvironment()); removed && *removed)
            ctx.out << ctx.style.dim("removed " + std::to_string(*removed) + " containers left by an earlier run") << '\n';
    }
    ApprovalQueue queue;
    ControlServer control(queue);
    if (auto ok = control.listen(); !ok && !options.json)
        ctx.err << "warning: " << ok.error().toString() << " (approvals only on this terminal)\n";

    std::unique_ptr<Sandbox> sandbox;
    if (config.hostKind == "docker")
        sandbox = std::make_unique<DockerSandbox>(DockerSandbox::endpointFromEnvironment());
    else
        sandbox = std::make_unique<BubblewrapSandbox>();
    LiveRun run(std::move(config), **store, queue, std::move(sandbox));

    nlohmann::json verdicts = nlohmann::json::array();
    QString endState;
    QString endDetail;
    QEventLoop loop;
    const auto &style = ctx.style;
    QObject::connect(&run, &LiveRun::stateChanged, &loop, [&](const QString &state, const QString &detail) {
        if (!options.json)
            ctx.out << style.dim("[" + state.toStdString() + "] " + detail.toStdString()) << std::endl;
    });
    QObject::connect(&run, &LiveRun::agentOutput, &loop, [&](const QString &line) {
        if (!options.json)
            ctx.out << style.dim("  | " + line.toStdString()) << std::endl;
    });
    QObject::connect(&run, &LiveRun::actionJudged, &loop,
                     [&](const Action &a, const Verdict &v, const Judgement &) {
                         verdicts.push_back(v.toJson(actionKindName(a.kind)));
                         if (options.json)
                             return;
                         std::string why;
                         for (const auto &r : v.reasons)
                             why += (why.empty() ? "" : "; ") + r.message;
                         const std::string decision = decisionName(v.decision);
                         const std::string shown = v.decision == Decision::Allow  ? style.green(decision)
                                                   : v.decision == Decision::Deny ? style.red(decision)
                                                                                  : style.yellow(decision);
                         ctx.out << std::setw(4) << a.seq << "  " << std::left << std::setw(12) << actionKindName(a.kind)
                                 << std::right << shown << "  " << oneLine(a.describe(), 60)
                                 << (why.empty() ? "" : "\n        " + style.dim(oneLine(why, 150))) << std::endl;
                     });
    QSocketNotifier *stdinNotifier = nullptr;
    std::string awaiting;
    if (options.prompt) {
        stdinNotifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &loop);
        stdinNotifier->setEnabled(false);
        QObject::connect(stdinNotifier, &QSocketNotifier::activated, &loop, [&] {
            std::string line;
            if (!std::getline(std::cin, line)) {
                stdinNotifier->setEnabled(false);
                return;
            }
            if (awaiting.empty())
                return;
            ApprovalQueue::Verdict verdict = ApprovalQueue::Verdict::Reject;
            std::string reason;
            if (line == "a" || line == "y")
                verdict = ApprovalQueue::Verdict::Approve;
            else if (line == "r")
                verdict = ApprovalQueue::Verdict::ApproveForRun;
            else
                reason = line.size() > 2 && line[0] == 'd' ? line.substr(2) : "denied at the terminal";
            auto decided = queue.decide(awaiting, verdict, "terminal", reason);
            if (!decided)
                ctx.out << style.red("  " + decided.error().message) << std::endl;
            awaiting.clear();
            stdinNotifier->setEnabled(false);
        });
    }
    QObject::connect(&queue, &ApprovalQueue::requested, &loop, [&](const ApprovalRequest &r) {
        if (options.json)
            return;
        ctx.out << style.yellow(style.bold("\n  APPROVAL NEEDED  " + r.id)) << "  " << r.agent << " wants " << r.tool
                << ' ' << r.params.dump() << "\n    why: " << r.justification << "\n    rule: " << r.rule
                << "\n    judge so far: " << labelName(run.judgement().label) << " (" << run.judgement().summary << ")\n";
        if (options.prompt && awaiting.empty()) {
            awaiting = r.id;
            ctx.out << "    [a] approve once  [r] approve for this run  [d REASON] deny > " << std::flush;
            stdinNotifier->setEnabled(true);
        } else {
            ctx.out << "    decide with: wardenctl approvals approve " << r.id << "  |  wardenctl approvals deny " << r.id
                    << " --reason '...'" << std::endl;
        }
    });
    QObject::connect(&queue, &ApprovalQueue::resolved, &loop, [&](const ApprovalRequest &r) {
        if (r.id == awaiting) {
            awaiting.clear();
            if (stdinNotifier)
                stdinNotifier->setEnabled(false);
        }
        if (!options.json)
            ctx.out << style.dim("  approval " + r.id + ": " + approvalStateName(r.state) +
                                 (r.reason.empty() ? "" : " (" + r.reason + ")"))
                    << std::endl;
    });
    QObject::connect(&run, &LiveRun::ended, &loop, [&](const QString &state, const QString &detail) {
        endState = state;
        endDetail = detail;
        loop.quit();
    });
    run.start();
    loop.exec();

    const Judgement j = run.judgement();
    if (options.json) {
        nlohmann::json doc = {{"run", run.runId()},
                              {"agent", run.agent()},
                              {"state", endState.toStdString()},
                              {"detail", endDetail.toStdString()},
                              {"actions", verdicts},
                              {"judgement", j.toJson()}};
        ctx.out << doc.dump(2) << '\n';
    } else {
        ctx.out << '\n'
                << style.bold(std::string("Judgement: ") + labelName(j.label) + " (confidence " +
                              std::to_string(j.confidence).substr(0, 4) + ")")
                << "\n  " << j.summary << "\n  run " << run.runId() << ": " << endState.toStdString() << " ("
                << endDetail.toStdString() << ")\n";
    }
    return endState == QLatin1String("failed") && verdicts.empty() ? kExitBadInput : kExitOk;
}

} // namespace warden
