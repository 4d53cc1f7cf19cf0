#include "cli/ExportCommand.h"

#include "cli/CliArgs.h"
#include "core/investigate/OcsfEvents.h"
#include "core/investigate/OtlpExporter.h"
#include "core/report/IncidentReport.h"
#include "core/store/RunReader.h"
#include "core/store/StorePaths.h"

#include <fstream>

namespace warden {

const char *ExportCommand::help()
{
    return "usage: wardenctl export RUN [--format jsonl|html|ocsf|otlp] [--output FILE] [--endpoint URL]\n"
           "                            [--db PATH]\n"
           "\n"
           "jsonl (default): the run's actions in the trace format, so it can be re-judged\n"
           "with wardenctl evaluate. html: the incident report (verdict, approvals with who\n"
           "and when, actions, declaration and its hash, audit chain check); the console\n"
           "adds the timeline picture and a PDF. ocsf: one OCSF 1.8.0 event per line (process,\n"
           "file, network and API activity, and the verdict as a detection finding), for a\n"
           "SIEM. otlp: the run as an OpenTelemetry trace, sent to --endpoint (the traces URL,\n"
           "e.g. http://collector:4318/v1/traces) or to the collector the OTEL_EXPORTER_OTLP_*\n"
           "variables name. RUN may be a unique prefix of the run id.\n";
}

namespace {

int writeReport(RunReader &reader, const std::string &runId, const std::optional<std::string> &output,
                const std::string &storePath, CliContext &ctx)
{
    auto run = reader.loadRun(runId);
    if (!run) {
        ctx.printError(run.error());
        return kExitBadInput;
    }
    const IncidentReport::Options options = IncidentReport::Options::forStore(storePath);
    const std::string html = IncidentReport::html(*run, options);
    if (!output) {
        ctx.out << html;
        return kExitOk;
    }
    std::ofstream file(*output, std::ios::binary | std::ios::trunc);
    if (!(file << html) || !file.flush()) {
        ctx.err << *output << ": cannot write the report\n";
        return kExitBadInput;
    }
    return kExitOk;
}

int writeOcsf(RunReader &reader, const std::string &runId, const std::optional<std::string> &output, CliContext &ctx)
{
    auto run = reader.loadRun(runId);
    if (!run) {
        ctx.printError(run.error());
        return kExitBadInput;
    }
    if (!output) {
        OcsfEvents::writeRun(*run, ctx.out);
        return kExitOk;
    }
    std::ofstream file(*output, std::ios::binary | std::ios::trunc);
    OcsfEvents::writeRun(*run, file);
    if (!file.flush()) {
        ctx.err << TerminalText::printable(*output) << ": cannot write the events\n";
        return kExitBadInput;
    }
    return kExitOk;
}

int sendOtlp(RunReader &reader, const std::string &runIdOrPrefix, const std::optional<std::string> &endpoint,
             const std::string &storePath, CliContext &ctx)
{
    auto runId = reader.resolveRunId(runIdOrPrefix);
    if (!runId) {
        ctx.printError(runId.error());
        return kExitBadInput;
    }
    std::optional<OtlpExporter::Options> options;
    if (endpoint) {
        auto given = OtlpExporter::Options::forEndpoint(*endpoint);
        if (!given)
            return ctx.usageError(given.error().toString());
        options = std::move(*given);
    } else {
        auto env = OtlpExporter::Options::fromEnvironment();
        if (!env)
            return ctx.usageError(env.error().toString());
        if (!*env)
            return ctx.usageError("--format otlp needs --endpoint URL or OTEL_EXPORTER_OTLP_ENDPOINT");
        options = std::move(**env);
    }
    if (options->headersInClear())
        ctx.err << "warning: the OTEL_EXPORTER_OTLP_HEADERS headers go to an http:// collector in clear text\n";
    options->fromStart = true;
    options->runs = {*runId};
    auto exporter = OtlpExporter::start(storePath, std::move(*options));
    if (!exporter) {
        ctx.printError(exporter.error());
        return kExitBadInput;
    }
    const OtlpExporter::Tally sent = (*exporter)->finish(ExportCommand::kSendTimeoutMs);
    ctx.out << "run " << *runId << ": " << sent.spans << " spans sent in " << sent.batches << " batches";
    if (sent.retries > 0)
        ctx.out << " (" << sent.retries << " retried)";
    ctx.out << '\n';
    if (!sent.lastError.empty() || !sent.caughtUp || sent.spans == 0) {
        const std::string why = !sent.lastError.empty() ? sent.lastError
                                : !sent.caughtUp        ? "the store was not read to its end"
                                                        : "the run gave no spans";
        ctx.err << "wardenctl: " << sent.lostSpans << " spans not sent: " << TerminalText::printable(why) << '\n';
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace

int ExportCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--format", "--output", "--db", "--endpoint"}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("export takes one run id");
    const std::string format = args->value("--format").value_or("jsonl");
    if (format != "jsonl" && format != "html" && format != "ocsf" && format != "otlp")
        return ctx.usageError("unknown export format \"" + format + "\" (supported: jsonl, html, ocsf, otlp)");
    if (args->value("--endpoint") && format != "otlp")
        return ctx.usageError("--endpoint goes with --format otlp");
    auto reader = RunReader::open(StorePaths::resolve(args->value("--db").value_or("")));
    if (!reader) {
        ctx.printError(reader.error());
        return kExitBadInput;
    }
    if (format == "html")
        return writeReport(*reader, args->positional().front(), args->value("--output"),
                           StorePaths::resolve(args->value("--db").value_or("")), ctx);
    if (format == "ocsf")
        return writeOcsf(*reader, args->positional().front(), args->value("--output"), ctx);
    if (format == "otlp")
        return sendOtlp(*reader, args->positional().front(), args->value("--endpoint"),
                        StorePaths::resolve(args->value("--db").value_or("")), ctx);
    Result<std::int64_t> written = 0;
    if (auto output = args->value("--output")) {
        std::ofstream file(*output, std::ios::binary | std::ios::trunc);
        if (!file) {
            ctx.err << *output << ": cannot open for writing\n";
            return kExitBadInput;
        }
        written = reader->exportTrace(args->positional().front(), file);
    } else {
        written = reader->exportTrace(args->positional().front(), ctx.out);
    }
    if (!written) {
        ctx.printError(written.error());
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace warden
