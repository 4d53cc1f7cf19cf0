#include "cli/LiveSession.h"

#include "cli/ApprovalPrompt.h"
#include "cli/LivePrinter.h"
#include "core/control/ControlServer.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RunRecovery.h"
#include "core/sandbox/SandboxFactory.h"
#include "core/sandbox/DockerSandbox.h"
#include "core/store/AuditStore.h"
#include "core/store/StorePaths.h"

#include <QEventLoop>


namespace warden {

int LiveSession::run(RunConfig config, const Options &options, CliContext &ctx)
{
    auto store = AuditStore::open(StorePaths::resolve(options.db));
    if (!store) {
        ctx.printError(store.error());
        return kExitBadInput;
    }
    // A warden that died left pending approvals and live runs behind: deny
    // and close them before anything new starts.
    if (auto recovered = RunRecovery::recover(**store); !recovered)
        ctx.err << "warning: " << recovered.error().toString() << '\n';
    else if ((recovered->approvalsExpired || recovered->runsFailed || recovered->directoriesRemoved) && !options.json)
        ctx.out << ctx.style.dim("recovered from an earlier crash: " + std::to_string(recovered->approvalsExpired) +
                                 " pending approvals denied, " + std::to_string(recovered->runsFailed) +
                                 " live runs marked failed, " + std::to_string(recovered->directoriesRemoved) +
                                 " run directories removed")
                << '\n';
    if (config.hostKind == "docker") {
        if (auto removed = DockerSandbox::removeLeftovers(DockerSandbox::endpointFromEnvironment()); removed && *removed)
            ctx.out << ctx.style.dim("removed " + std::to_string(*removed) + " containers left by an earlier run") << '\n';
    }
    ApprovalQueue queue;
    ControlServer control(queue);
    if (auto ok = control.listen(); !ok && !options.json)
        ctx.err << "warning: " << ok.error().toString() << " (approvals only on this terminal)\n";

    auto sandbox = createSandbox(config.hostKind);
    LiveRun run(std::move(config), **store, queue, std::move(sandbox));

    nlohmann::json verdicts = nlohmann::json::array();
    QString endState;
    QString endDetail;
    QEventLoop loop;
    const auto &style = ctx.style;
    LivePrinter printer(ctx);
    QObject::connect(&run, &LiveRun::stateChanged, &loop, [&](const QString &state, const QString &detail) {
        if (!options.json)
            printer.state(state.toStdString(), detail.toStdString());
    });
    QObject::connect(&run, &LiveRun::agentOutput, &loop, [&](const QString &line) {
        if (!options.json)
            printer.output(line.toStdString());
    });
    QObject::connect(&run, &LiveRun::actionJudged, &loop,
                     [&](const Action &a, const Verdict &v, const Judgement &) {
                         verdicts.push_back(v.toJson(actionKindName(a.kind)));
                         if (!options.json)
                             printer.action(a.toJson(), verdicts.back());
                     });
    std::unique_ptr<ApprovalPrompt> prompt;
    if (options.prompt)
        prompt = std::make_unique<ApprovalPrompt>(
            ctx, [&](const std::string &id, const std::string &verdict, const std::string &reason) {
                auto decided = queue.decide(id,
                                            verdict == "approve"           ? ApprovalQueue::Verdict::Approve
                                            : verdict == "approve_for_run" ? ApprovalQueue::Verdict::ApproveForRun
                                                                           : ApprovalQueue::Verdict::Reject,
                                            "terminal", reason);
                if (!decided)
                    ctx.out << style.red("  " + decided.error().message) << std::endl;
            });
    QObject::connect(&queue, &ApprovalQueue::requested, &loop, [&](const ApprovalRequest &r) {
        if (options.json)
            return;
        printer.approvalNeeded(r.toJson(), run.judgement().toJson());
        if (prompt && !prompt->busy()) {
            prompt->ask(r.id);
        } else {
            ctx.out << "    decide with: wardenctl approvals approve " << r.id << "  |  wardenctl approvals deny " << r.id
                    << " --reason '...'" << std::endl;
        }
    });
    QObject::connect(&queue, &ApprovalQueue::resolved, &loop, [&](const ApprovalRequest &r) {
        if (prompt)
            prompt->forget(r.id);
        if (!options.json)
            printer.approvalResolved(r.toJson());
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
        printer.judgement(j.toJson(), run.runId(), endState.toStdString(), endDetail.toStdString());
    }
    return endState == QLatin1String("failed") && verdicts.empty() ? kExitBadInput : kExitOk;
}

} // namespace warden
