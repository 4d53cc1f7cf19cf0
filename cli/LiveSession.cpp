#include "cli/LiveSession.h"

#include "cli/ApprovalPrompt.h"
#include "cli/LivePrinter.h"
#include "core/investigate/OtlpExporter.h"
#include "core/policy/StoredVerdict.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/StorePaths.h"

#include <QEventLoop>

#include <unistd.h>

namespace warden {

LiveSession::Options LiveSession::Options::from(const CliArgs &args)
{
    Options options;
    options.db = args.value("--db").value_or("");
    options.json = args.flag("--json");
    options.prompt = !options.json && ::isatty(STDIN_FILENO);
    return options;
}

int LiveSession::run(RunConfig config, const Options &options, CliContext &ctx)
{
    auto opening = RunSupervisor::prepare(StorePaths::resolve(options.db));
    if (!opening) {
        ctx.printError(opening.error());
        return kExitBadInput;
    }
    if (const std::string recovered = opening->recoverySummary(); !recovered.empty() && !options.json)
        ctx.out << ctx.style.dim(recovered) << '\n';
    // OpenTelemetry, when its variables name a collector: the exporter
    // follows the store from here, so it sends this run and nothing older.
    auto otlp = OtlpExporter::Options::fromEnvironment();
    if (!otlp) {
        ctx.printError(otlp.error());
        return kExitBadInput;
    }
    if (*otlp) {
        if ((*otlp)->headersInClear())
            ctx.err << "warning: the OTEL_EXPORTER_OTLP_HEADERS headers go to an http:// collector in clear text\n";
        auto last = OtlpExporter::lastRecord(StorePaths::resolve(options.db));
        if (!last) {
            ctx.printError(last.error());
            return kExitBadInput;
        }
        (*otlp)->after = *last; // the run's records all come after it
    }
    std::unique_ptr<OtlpExporter> exporter;
    RunSupervisor supervisor;
    supervisor.adopt(std::move(*opening));
    if (!options.json)
        for (const std::string &warning : supervisor.warnings())
            ctx.err << "warning: " << warning << '\n';
    ApprovalQueue &queue = supervisor.approvals();
    LiveRun &run = *supervisor.start(std::move(config));
    if (*otlp) {
        (*otlp)->runs = {run.runId()};
        auto started = OtlpExporter::start(StorePaths::resolve(options.db), std::move(**otlp));
        if (started)
            exporter = std::move(*started);
        else
            ctx.err << "warning: OpenTelemetry: " << TerminalText::printable(started.error().toString()) << '\n';
    }

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
    // Printed as it comes; kept only for --json, which prints them all at
    // the end (a run of a million actions would otherwise hold them all).
    std::size_t actions = 0;
    QObject::connect(&run, &LiveRun::actionJudged, &loop, [&](const Action &a, const Verdict &v, const Judgement &) {
        ++actions;
        nlohmann::json verdict = StoredVerdict::of(v).toJson(v.seq, actionKindName(a.kind));
        if (options.json)
            verdicts.push_back(std::move(verdict));
        else
            printer.action(a, verdict);
    });
    std::unique_ptr<ApprovalPrompt> prompt;
    if (options.prompt)
        prompt = std::make_unique<ApprovalPrompt>(
            ctx, [&](const std::string &id, const std::string &verdict, const std::string &reason) {
                auto decided = queue.decide(id,
                                            verdict == "approve"           ? ApprovalQueue::Choice::Approve
                                            : verdict == "approve_for_run" ? ApprovalQueue::Choice::ApproveForRun
                                                                           : ApprovalQueue::Choice::Reject,
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
            ctx.out << "    decide with: wardenctl approvals approve " << r.id << "  |  wardenctl approvals deny "
                    << r.id << " --reason '...'" << std::endl;
        }
    });
    QObject::connect(&queue, &ApprovalQueue::resolved, &loop, [&](const ApprovalRequest &r) {
        if (prompt)
            prompt->forget(r.id);
        if (!options.json)
            printer.approvalResolved(r.toJson());
    });
    // The supervisor deletes the run once it has ended: what is printed
    // after is taken now.
    Judgement j;
    const std::string runId = run.runId();
    const std::string agent = run.agent();
    QObject::connect(&run, &LiveRun::ended, &loop, [&](const QString &state, const QString &detail) {
        endState = state;
        endDetail = detail;
        j = run.judgement();
        loop.quit();
    });
    loop.exec();
    if (exporter) {
        const OtlpExporter::Tally sent = exporter->finish(kOtlpFinishMs);
        if (!sent.lastError.empty())
            ctx.err << "warning: OpenTelemetry: " << sent.spans << " spans sent, " << sent.lostSpans
                    << " not: " << TerminalText::printable(sent.lastError)
                    << " (the run is in the audit store: wardenctl export " << runId
                    << " --format otlp sends it again)\n";
        else if (!options.json)
            ctx.out << ctx.style.dim("OpenTelemetry: " + std::to_string(sent.spans) + " spans sent") << '\n';
    }

    if (options.json) {
        nlohmann::json doc = {{"run", runId},
                              {"agent", agent},
                              {"state", endState.toStdString()},
                              {"detail", endDetail.toStdString()},
                              {"actions", verdicts},
                              {"judgement", j.toJson()}};
        ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        printer.judgement(j.toJson(), actions, runId, endState.toStdString(), endDetail.toStdString());
    }
    return endState == QLatin1String("failed") && actions == 0 ? kExitBadInput : kExitOk;
}

} // namespace warden
