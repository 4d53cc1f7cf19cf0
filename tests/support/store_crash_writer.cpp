// Appends audit records in batches forever, printing each committed id, so a
// test can SIGKILL it mid-batch and check what survives.
#include "core/store/AuditStore.h"

#include <cstdio>
#include <string>

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_crash_writer DB\n");
        return 2;
    }
    auto store = warden::AuditStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().toString().c_str());
        return 2;
    }
    for (std::int64_t batch = 0;; ++batch) {
        std::vector<warden::AuditRecord> records;
        for (int i = 0; i < 500; ++i) {
            warden::AuditRecord r;
            r.runId = "crash-run";
            r.type = "action";
            r.seq = batch * 500 + i + 1;
            r.payload = R"({"kind":"secret_read","name":"K","seq":)" + std::to_string(r.seq) + "}";
            records.push_back(std::move(r));
        }
        auto id = (*store)->appendAndWait(std::move(records));
        if (!id) {
            std::fprintf(stderr, "%s\n", id.error().toString().c_str());
            return 1;
        }
        std::printf("%lld\n", static_cast<long long>(*id));
        std::fflush(stdout);
    }
}
