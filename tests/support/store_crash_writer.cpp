// Appends audit records in batches forever, printing each committed id, so a
// test can SIGKILL it mid-batch and check what survives.
//
//   store_crash_writer DB            durable batches of 500
//   store_crash_writer DB grouped    grouped appends of 2 (as in-sandbox
//                                    actions are), a durable one every 50th
//                                    (as a boundary crossing is); prints the
//                                    id of each durable one once committed
#include "core/store/AuditStore.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

warden::AuditRecord crashRecord(std::int64_t seq)
{
    warden::AuditRecord r;
    r.runId = "crash-run";
    r.type = "action";
    r.seq = seq;
    r.payload = R"({"kind":"secret_read","name":"K","seq":)" + std::to_string(seq) + "}";
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool grouped = argc == 3 && std::strcmp(argv[2], "grouped") == 0;
    if (argc != 2 && !grouped) {
        std::fprintf(stderr, "usage: store_crash_writer DB [grouped]\n");
        return 2;
    }
    auto store = warden::AuditStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().toString().c_str());
        return 2;
    }
    std::int64_t seq = 0;
    for (std::int64_t batch = 0;; ++batch) {
        std::vector<warden::AuditRecord> records;
        const int size = grouped ? 2 : 500;
        for (int i = 0; i < size; ++i)
            records.push_back(crashRecord(++seq));
        if (grouped && batch % 50 != 49) {
            (*store)->append(
                std::move(records), [](warden::Result<std::int64_t>) {}, warden::AuditStore::Durability::Grouped);
            continue;
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
