// What-if's figure (docs/PERFORMANCE.md), not a pass/fail test: the time to
// replay N stored actions (default 1,000,000, in one run, as a live run
// stores them) under a new declaration, chain verification included, and
// the peak memory. The store is built first in $TMPDIR (or --db PATH, kept).
// Usage: bench_whatif [--actions N] [--db PATH]
#include "core/investigate/WhatIfReplay.h"
#include "core/policy/PolicyEngine.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace warden;

namespace {

const char *kDeclaration =
    R"({"warden": 1, "agent": "bulk", "purpose": "benchmark", "tools": {"lookup": {"params": {"q": {"type": "string"}}},
        "fetch": {"params": {"url": {"type": "url"}}}}, "destinations": ["api.example:443"], "processes": ["python3"]})";
// Tighter: "fetch" and the destination are gone, "lookup" takes short queries only.
const char *kTighter =
    R"({"warden": 1, "agent": "bulk", "purpose": "benchmark", "tools": {"lookup": {"params": {"q": {"type": "string", "max_length": 8}}}},
        "processes": ["python3"]})";

long peakRssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

// A run of n actions as a live run stores them: tool calls (two tools),
// egress, programs; each with its verdict under kDeclaration.
bool buildStore(const std::string &path, long n)
{
    auto store = AuditStore::open(path);
    if (!store)
        return false;
    auto declaration = Declaration::parse(kDeclaration, "bench.json");
    PolicyEngine engine(std::make_shared<const Declaration>(*declaration));
    const std::string runId = RunRecords::newRunId();
    std::vector<AuditRecord> batch{RunRecords::runStarted(runId, *declaration, "bench", "bwrap")};
    for (long i = 1; i <= n; ++i) {
        Action a;
        a.seq = i;
        a.timeMs = 1'780'000'000'000 + i;
        switch (i % 4) {
        case 0:
            a.kind = ActionKind::ToolCall;
            a.tool = "lookup";
            a.params = {{"q", "row " + std::to_string(i)}};
            break;
        case 1:
            a.kind = ActionKind::ToolCall;
            a.tool = "fetch";
            a.params = {{"url", "https://api.example/v1/items/" + std::to_string(i)}};
            break;
        case 2:
            a.kind = ActionKind::Egress;
            a.host = i % 40 == 2 ? "attacker.example" : "api.example";
            a.port = 443;
            a.method = "CONNECT";
            break;
        default:
            a.kind = ActionKind::Process;
            a.argv = {"/usr/bin/python3", "-c", "print(" + std::to_string(i) + ")"};
            break;
        }
        Verdict v = engine.evaluate(a);
        batch.push_back(RunRecords::action(runId, a));
        batch.push_back(RunRecords::verdict(runId, a, v));
        if (batch.size() >= 20000) {
            if (!(*store)->appendAndWait(std::move(batch)))
                return false;
            batch.clear();
        }
    }
    batch.push_back(RunRecords::runState(runId, "finished", "benchmark"));
    return (*store)->appendAndWait(std::move(batch)).has_value();
}

} // namespace

int main(int argc, char **argv)
{
    long actions = 1'000'000;
    std::string db;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--actions") == 0)
            actions = std::stol(argv[i + 1]);
        else if (std::strcmp(argv[i], "--db") == 0)
            db = argv[i + 1];
    }
    const bool temporary = db.empty();
    if (temporary) {
        auto dir = std::filesystem::temp_directory_path() / ("warden-bench-whatif-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        db = (dir / "whatif.db").string();
    }
    if (!std::filesystem::exists(db)) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!buildStore(db, actions)) {
            std::printf("bench_whatif: building the store failed\n");
            return 1;
        }
        std::printf("store of %ld actions built in %.1f s\n", actions,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    auto tighter = Declaration::parse(kTighter, "tighter.json");
    const long before = peakRssKiB();
    const auto t0 = std::chrono::steady_clock::now();
    auto report = WhatIfReplay::replay(db, std::make_shared<const Declaration>(std::move(*tighter)), {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!report) {
        std::printf("bench_whatif: %s\n", report.error().toString().c_str());
        return 1;
    }
    std::size_t changes = 0;
    for (const auto &run : report->runs)
        changes += static_cast<std::size_t>(run.changed);
    std::printf("what-if: %lld actions replayed (%lld records verified) in %.2f s (%.0f actions/s), %zu decisions "
                "change; peak RSS %ld MiB (%ld MiB before)\n",
                static_cast<long long>(report->actions), static_cast<long long>(report->recordsVerified), seconds,
                double(report->actions) / seconds, changes, peakRssKiB() / 1024, before / 1024);
    if (temporary)
        std::filesystem::remove_all(std::filesystem::path(db).parent_path());
    return 0;
}
