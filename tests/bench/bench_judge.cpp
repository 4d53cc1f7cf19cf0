// Judge per-action update cost, and how it behaves as a run grows: the cost
// per action must stay flat from the first thousand actions to the millionth.
#include "core/judge/CanaryScanner.h"
#include "core/judge/Judge.h"

#include <benchmark/benchmark.h>

using namespace warden;

namespace {

struct Step {
    Action action;
    Verdict verdict;
};

std::vector<Step> steps()
{
    std::vector<Step> out;
    auto add = [&](ActionKind kind, auto fill, Decision d, bool declared) {
        Step s;
        s.action.kind = kind;
        fill(s.action);
        s.verdict.decision = d;
        s.verdict.declared = declared;
        if (!declared)
            s.verdict.reasons.push_back({"destinations", "not declared"});
        out.push_back(std::move(s));
    };
    add(
        ActionKind::ToolCall,
        [](Action &a) {
            a.tool = "load_csv";
            a.params = {{"path", "/data/a.csv"}};
        },
        Decision::Allow, true);
    add(
        ActionKind::SecretRead, [](Action &a) { a.name = "OPENAI_API_KEY"; }, Decision::Deny, false);
    add(
        ActionKind::Process,
        [](Action &a) {
            a.argv = {"python3", "/tmp/a.py"};
        },
        Decision::Allow, true);
    add(
        ActionKind::Egress,
        [](Action &a) {
            a.host = "attacker.example";
            a.port = 443;
        },
        Decision::Deny, false);
    add(
        ActionKind::ToolCall,
        [](Action &a) {
            a.tool = "run";
            a.params = {{"code", "print(sum(x))"}};
        },
        Decision::Allow, true);
    add(
        ActionKind::File,
        [](Action &a) {
            a.op = "read";
            a.path = "/data/b.csv";
        },
        Decision::Allow, true);
    return out;
}

void BM_JudgeObserve(benchmark::State &state)
{
    const auto mix = steps();
    const auto history = static_cast<std::size_t>(state.range(0));
    Judge judge(std::vector<Judge::Canary>{{"OPENAI_API_KEY", "sk-canary-4f9a8b7c6d5e"}});
    std::int64_t seq = 0;
    for (std::size_t i = 0; i < history; ++i) {
        Step s = mix[i % mix.size()];
        s.action.seq = ++seq;
        judge.observe(s.action, s.verdict);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        Step &s = const_cast<Step &>(mix[i++ % mix.size()]);
        s.action.seq = ++seq;
        judge.observe(s.action, s.verdict);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JudgeObserve)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kNanosecond);

void BM_JudgementSnapshot(benchmark::State &state)
{
    const auto mix = steps();
    Judge judge;
    for (std::int64_t i = 0; i < 100000; ++i) {
        Step s = mix[static_cast<std::size_t>(i) % mix.size()];
        s.action.seq = i + 1;
        judge.observe(s.action, s.verdict);
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(judge.judgement());
}
BENCHMARK(BM_JudgementSnapshot);

// The proxy scans every plain-HTTP request (up to 1 MiB) and the gateway
// every tool call's parameters for a run's four canaries, in all encodings.
void BM_CanaryScan(benchmark::State &state)
{
    const CanaryScanner scanner({{"OPENAI_API_KEY", "sk-proj-" + std::string(40, 'q')},
                                 {"AWS_ACCESS_KEY_ID", "AKIAQWERTYUIOPASDFGH"},
                                 {"AWS_SECRET_ACCESS_KEY", std::string(40, 'z')},
                                 {"GITHUB_TOKEN", "ghp_" + std::string(36, 'w')}});
    std::string text;
    while (text.size() < static_cast<std::size_t>(state.range(0)))
        text += "name=report&rows=1024&data=c29tZSBiYXNlNjQgZGF0YQ%3D%3D&hex=6e6f7468696e67 ";
    text.resize(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(scanner.find(text));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CanaryScan)->Arg(1024)->Arg(1024 * 1024)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
