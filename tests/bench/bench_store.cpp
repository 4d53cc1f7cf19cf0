// Audit store figures: ingest rate with synchronous=FULL (batched), and
// `audit verify` over 1,000,000 records. Uses a real SQLite file in $TMPDIR.
#include "core/store/AuditStore.h"
#include "core/store/AuditVerifier.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <unistd.h>

using namespace warden;

namespace {

std::string tempStore(const char *name)
{
    auto dir = std::filesystem::temp_directory_path() / ("warden-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    for (const char *suffix : {"", "-wal", "-shm", ".head"})
        std::filesystem::remove(path + suffix);
    return path;
}

AuditRecord sample(std::int64_t seq)
{
    AuditRecord r;
    r.runId = "4b7f0c2e-9a51-4f3e-8d2c-6a1b0e9f7d3c";
    r.type = "action";
    r.seq = seq;
    r.payload = R"({"host":"attacker.example","kind":"egress","method":"CONNECT","port":443,"seq":)" +
                std::to_string(seq) + R"(,"source":"proxy","time":"2026-11-24T10:00:08Z"})";
    return r;
}

// Producers hand the store `batch` records per call and do not wait between
// calls, as a busy gateway would; the store commits whatever has queued.
void BM_Ingest(benchmark::State &state)
{
    const auto batch = state.range(0);
    auto path = tempStore("ingest.db");
    auto store = std::move(*AuditStore::open(path));
    std::int64_t seq = 0;
    for (auto _ : state) {
        std::vector<std::future<Result<std::int64_t>>> pending;
        for (int call = 0; call < 100; ++call) {
            std::vector<AuditRecord> records;
            for (std::int64_t i = 0; i < batch; ++i)
                records.push_back(sample(++seq));
            pending.push_back(store->append(std::move(records)));
        }
        for (auto &f : pending)
            if (!f.get())
                state.SkipWithError("append failed");
    }
    state.SetItemsProcessed(seq);
    state.counters["actions/s"] = benchmark::Counter(static_cast<double>(seq), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ingest)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void verifyMillion()
{
    auto path = tempStore("verify.db");
    constexpr std::int64_t kRecords = 1'000'000;
    {
        auto store = std::move(*AuditStore::open(path));
        for (std::int64_t done = 0; done < kRecords;) {
            std::vector<AuditRecord> records;
            for (int i = 0; i < 10000; ++i)
                records.push_back(sample(++done));
            if (!store->appendAndWait(std::move(records))) {
                std::printf("verify: building the store failed\n");
                return;
            }
        }
    }
    auto start = std::chrono::steady_clock::now();
    auto report = AuditVerifier::verify(path);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\naudit verify: %lld records, intact=%s, %.2f s (%.0f records/s)\n",
                static_cast<long long>(report ? report->records : 0), report && report->intact ? "yes" : "no", seconds,
                static_cast<double>(kRecords) / seconds);
    std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    verifyMillion();
}
