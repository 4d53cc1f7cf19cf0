#include "cli/ExportCommand.h"

#include "cli/CliArgs.h"
#include "store/RunReader.h"
#include "store/StorePaths.h"

#include <fstream>

namespace warden {

const char *ExportCommand::help()
{
    return "usage: wardenctl export RUN [--format jsonl] [--output FILE] [--db PATH]\n"
           "\n"
           "Write a stored run's actions in the trace format, so it can be re-judged with\n"
           "wardenctl evaluate. RUN may be a unique prefix of the run id (4+ characters).\n";
}

int ExportCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(argList, {{"--format", "--output", "--db"}, {}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (args->positional().size() != 1)
        return ctx.usageError("export takes one run id");
    if (auto format = args->value("--format"); format && *format != "jsonl")
        return ctx.usageError("unknown export format \"" + *format + "\" (supported: jsonl)");
    auto reader = RunReader::open(StorePaths::resolve(args->value("--db").value_or("")));
    if (!reader) {
        ctx.err << reader.error().toString() << '\n';
        return kExitBadInput;
    }
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
        ctx.err << written.error().toString() << '\n';
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace warden
