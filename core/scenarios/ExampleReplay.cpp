#include "core/scenarios/ExampleReplay.h"

#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/trace/TraceReader.h"

#include <QFile>

#include <map>

namespace warden {
namespace {

struct Example {
    const char *declaration;
    const char *trace;
};

const std::map<std::string, Example> &examples()
{
    static const std::map<std::string, Example> all = {
        {"code-bot", {"code-bot.json", "code-bot-injected.jsonl"}},
        {"code-bot-benign", {"code-bot.json", "code-bot-benign.jsonl"}},
        {"kubesleuth", {"kubesleuth.json", "kubesleuth-implant.jsonl"}},
    };
    return all;
}

Result<std::string> readResource(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail("missing built-in resource " + path.toStdString());
    return f.readAll().toStdString();
}

} // namespace

std::vector<std::string> ExampleReplay::names()
{
    std::vector<std::string> out;
    for (const auto &[name, e] : examples())
        out.push_back(name);
    return out;
}

Result<TraceEvaluation> ExampleReplay::evaluate(const std::string &name)
{
    auto it = examples().find(name);
    if (it == examples().end()) {
        std::string list;
        for (const auto &n : names())
            list += (list.empty() ? "" : ", ") + n;
        return fail("unknown example \"" + name + "\" (known: " + list + ")");
    }
    const QString declPath = QStringLiteral(":/warden/declarations/") + QLatin1String(it->second.declaration);
    const QString tracePath = QStringLiteral(":/warden/traces/") + QLatin1String(it->second.trace);
    auto declText = readResource(declPath);
    if (!declText)
        return std::unexpected(declText.error());
    auto decl = Declaration::parse(*declText, declPath.toStdString());
    if (!decl)
        return std::unexpected(decl.error());
    auto traceText = readResource(tracePath);
    if (!traceText)
        return std::unexpected(traceText.error());
    auto actions = TraceReader::parse(*traceText, tracePath.toStdString());
    if (!actions)
        return std::unexpected(actions.error());
    return TraceEvaluation::evaluate(std::make_shared<const Declaration>(std::move(*decl)), std::move(*actions));
}

Result<std::string> ExampleReplay::record(const std::string &name, AuditStore &store)
{
    auto evaluation = evaluate(name);
    if (!evaluation)
        return std::unexpected(evaluation.error());
    const std::string runId = RunRecords::newRunId();
    auto records = RunRecords::evaluatedRun(runId, *evaluation, "replay:" + name, "replayed");
    auto ok = store.appendAndWait(std::move(records));
    if (!ok)
        return std::unexpected(ok.error());
    return runId;
}

} // namespace warden
