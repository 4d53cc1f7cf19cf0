#include "cli/Wardenctl.h"

#include "cli/AgentCommand.h"
#include "cli/ApprovalsCommand.h"
#include "cli/AuditCommand.h"
#include "cli/CheckDeclarationCommand.h"
#include "cli/CredentialsCommand.h"
#include "cli/DeclareCommand.h"
#include "cli/DemoCommand.h"
#include "cli/EvaluateCommand.h"
#include "cli/ExportCommand.h"
#include "cli/KeychainCommand.h"
#include "cli/RunCommand.h"
#include "cli/RunsCommand.h"
#include "cli/ServeCommand.h"
#include "cli/WhatIfCommand.h"

#include <algorithm>

namespace warden {

namespace {

struct Command {
    const char *name;
    int (*run)(const std::vector<std::string> &, CliContext &);
    const char *(*help)();
};

constexpr Command kCommands[] = {
    {"evaluate", &EvaluateCommand::run, &EvaluateCommand::help},
    {"check-declaration", &CheckDeclarationCommand::run, &CheckDeclarationCommand::help},
    {"declare", &DeclareCommand::run, &DeclareCommand::help},
    {"audit", &AuditCommand::run, &AuditCommand::help},
    {"export", &ExportCommand::run, &ExportCommand::help},
    {"whatif", &WhatIfCommand::run, &WhatIfCommand::help},
    {"runs", &RunsCommand::run, &RunsCommand::help},
    {"demo", &DemoCommand::run, &DemoCommand::help},
    {"run", &RunCommand::run, &RunCommand::help},
    {"agent", &AgentCommand::run, &AgentCommand::help},
    {"approvals", &ApprovalsCommand::run, &ApprovalsCommand::help},
    {"serve", &ServeCommand::run, &ServeCommand::help},
    {"credentials", &CredentialsCommand::run, &CredentialsCommand::help},
    {"mcp-token", &KeychainCommand::run, &KeychainCommand::help},
    {"model-key", &KeychainCommand::runModelKey, &KeychainCommand::modelKeyHelp},
};

} // namespace

const char *Wardenctl::help()
{
    return "usage: wardenctl COMMAND [options]\n"
           "\n"
           "Warden's command line: judge agent traces against declarations and inspect\n"
           "the tamper-evident audit store.\n"
           "\n"
           "commands:\n"
           "  evaluate           judge a trace against a declaration (and optionally record it)\n"
           "  check-declaration  validate a declaration file\n"
           "  declare --from-mcp a starter declaration from an MCP server's tools (or an agent's MCP config)\n"
           "  audit verify       check the audit store's hash chain\n"
           "  export RUN         write a stored run as a JSONL trace\n"
           "  whatif             which stored runs a new declaration would decide differently\n"
           "  runs               list stored runs\n"
           "  demo NAME          run an injection story in a real sandbox (code-bot, kubesleuth, storage-exfil, "
           "raw-agent,\n"
           "                     mcp-files)\n"
           "  run -- CMD         run any agent in a hardened sandbox under a declaration\n"
           "  agent CLI -- PROMPT  run Claude Code, Codex CLI or Gemini CLI, unmodified, under Warden\n"
           "  approvals          list, approve or deny pending privileged requests\n"
           "  serve              run a headless warden host for remote clients and reviewers\n"
           "  credentials        manage the people (and roles) a warden host knows\n"
           "  mcp-token          keep an MCP server's bearer token in the OS keychain\n"
           "  model-key          keep a model provider's API key in the OS keychain\n"
           "\n"
           "  --version          print the version\n"
           "  --help             this text; COMMAND --help for a command's options\n";
}

int Wardenctl::run(const std::vector<std::string> &args, CliContext &ctx)
{
    if (args.empty()) {
        ctx.err << help();
        return kExitBadInput;
    }
    const std::string &first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        ctx.out << help();
        return kExitOk;
    }
    if (first == "--version") {
        ctx.out << "wardenctl " << WARDEN_VERSION << '\n';
        return kExitOk;
    }
    for (const auto &c : kCommands) {
        if (first != c.name)
            continue;
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (std::find_if(rest.begin(), rest.end(), [](const auto &a) { return a == "--help" || a == "-h"; }) !=
            rest.end()) {
            ctx.out << c.help();
            return kExitOk;
        }
        try {
            return c.run(rest, ctx);
        } catch (const std::exception &e) {
            // Exception firewall: nothing from a library escapes as a crash.
            ctx.err << "wardenctl: internal error: " << e.what() << '\n';
            return kExitBadInput;
        }
    }
    return ctx.usageError("unknown command \"" + first + "\" (see wardenctl --help)");
}

} // namespace warden
