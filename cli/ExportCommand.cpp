#include "cli/ExportCommand.h"

#include "cli/CliArgs.h"
#include "core/report/IncidentReport.h"
#include "core/store/RunReader.h"
#include "core/store/StorePaths.h"

#include <fstream>

namespace warden {

const char *ExportCommand::help()
{
    return "usage: wardenctl export RUN [--format jsonl|html] [--output FILE] [--db PATH]\n"
           "\n"
           "jsonl (default): the run's actions in the trace format, so it can be re-judged\n"
           "with wardenctl evaluate. html: the incident report (verdict, approvals with who\n"
           "and when, actions, declaration and its hash, audit chain check); the console\n"
           "adds the timeline picture and a PDF. RUN may be a unique prefix of the run id.\n";
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

} // namespace

int ExportCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--format", "--output", "--db"}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("export takes one run id");
    const std::string format = args->value("--format").value_or("jsonl");
    if (format != "jsonl" && format != "html")
        return ctx.usageError("unknown export format \"" + format + "\" (supported: jsonl, html)");
    auto reader = RunReader::open(StorePaths::resolve(args->value("--db").value_or("")));
    if (!reader) {
        ctx.printError(reader.error());
        return kExitBadInput;
    }
    if (format == "html")
        return writeReport(*reader, args->positional().front(), args->value("--output"),
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
