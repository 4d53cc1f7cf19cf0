#include "core/store/AuditVerifier.h"

#include "core/store/ActionRow.h"
#include "core/store/AuditChain.h"
#include "core/store/HeadAnchor.h"
#include "core/store/RunSummaryFold.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoreSchema.h"

#include <openssl/evp.h>

#include "core/common/JoinOnExit.h"
#include "core/common/ParallelFor.h"

#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unistd.h>
#include <vector>

namespace warden {

namespace {

struct DerivedRun {
    RunSummary summary;
    std::int64_t lastRecord = 0; // the last chained record of the run
};

// A running SHA-256 over the canonical form of a run's action rows, in
// record order: what the chain implies, and what `action_rows` holds.
class RowDigest {
public:
    RowDigest() : m_ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free) { EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr); }
    void add(const ActionRow &row)
    {
        const std::string line = row.canonical() + '\n';
        EVP_DigestUpdate(m_ctx.get(), line.data(), line.size());
        ++m_rows;
    }
    std::string finish()
    {
        unsigned char digest[32];
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_ctx.get(), digest, &length);
        return std::to_string(m_rows) + ":" + std::string(reinterpret_cast<const char *>(digest), length);
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_ctx;
    std::int64_t m_rows = 0;
};

// The first field where the stored summary differs from the one the chain
// implies, or an empty string.
std::string firstDifference(const RunSummary &chain, const SqliteStatement &row)
{
    if (row.columnText(1) != chain.agent)
        return "agent";
    if (row.columnText(2) != chain.source)
        return "source";
    if (row.columnText(3) != chain.host)
        return "host";
    if (row.columnText(4) != chain.state)
        return "state";
    if (row.columnInt(5) != chain.startedMs)
        return "started_ms";
    if (row.columnIsNull(6) != !chain.endedMs.has_value() || (chain.endedMs && row.columnInt(6) != *chain.endedMs))
        return "ended_ms";
    if (row.columnInt(7) != chain.actions)
        return "actions";
    if (row.columnIsNull(8) ? !chain.label.empty() : row.columnText(8) != chain.label)
        return "label";
    if (!chain.label.empty() && (row.columnDouble(9) != chain.confidence || row.columnText(10) != chain.summary))
        return row.columnDouble(9) != chain.confidence ? "confidence" : "summary";
    if (row.columnText(11) != chain.declarationSha256)
        return "declaration_sha256";
    return {};
}

} // namespace

Result<AuditVerifier::Report> AuditVerifier::verify(const std::string &databasePath, const Walk &walk)
{
    if (::access(databasePath.c_str(), R_OK) != 0)
        return fail("no audit store here", {}, 0, databasePath);
    auto db = SqliteConnection::open(databasePath, SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    // One snapshot for every table read below: a warden committing meanwhile
    // must not make the derived tables look edited.
    if (auto begun = db->exec("BEGIN"); !begun)
        return std::unexpected(begun.error());
    auto stmt = db->prepare("SELECT id, time_ms, run_id, type, seq, payload, prev_hash, hash FROM audit ORDER BY id");
    if (!stmt)
        return std::unexpected(stmt.error());

    Report report;
    std::map<std::string, DerivedRun> runs;
    // The action rows beside the log (derived, not chained) must be what the
    // chain implies for every run that has any (runs stored before the rows
    // existed have none, and are read from the log).
    std::set<std::string> rowsOf;
    const bool rowsKept = walk.checkActionRows && StoreSchema::hasActionRows(*db);
    if (rowsKept) {
        auto runsWithRows = db->prepare("SELECT DISTINCT run_id FROM action_rows");
        if (!runsWithRows)
            return std::unexpected(runsWithRows.error());
        if (auto read = runsWithRows->eachRow([&] { rowsOf.insert(std::string(runsWithRows->columnText(0))); }); !read)
            return std::unexpected(read.error());
    }
    std::map<std::string, RowDigest> expectedRows;
    // Deriving a row reads its record's JSON: done in blocks on all cores
    // while the chain is walked on, and added to the digests in order.
    constexpr std::size_t kDeriveBlock = 65536;
    std::vector<AuditRecord> toDerive, deriving;
    std::vector<std::optional<ActionRow>> derived;
    std::future<void> derivation;
    const auto addDerived = [&] {
        if (!derivation.valid())
            return;
        derivation.get();
        for (auto &row : derived)
            if (row)
                expectedRows[row->runId].add(*row);
    };
    const auto deriveBlock = [&] {
        addDerived();
        deriving = std::move(toDerive);
        toDerive.clear();
        derived.assign(deriving.size(), std::nullopt);
        derivation = std::async(std::launch::async, [&deriving, &derived] {
            parallelFor(deriving.size(), [&](std::size_t from, std::size_t to) {
                for (std::size_t i = from; i < to; ++i)
                    derived[i] = ActionRow::of(deriving[i]);
            });
        });
    };
    // A derivation in flight ends before its block goes, whichever way this returns.
    const JoinOnExit join(derivation);
    std::string prev = AuditChain::genesisHash();
    AuditRecord r;
    auto broken = [&](std::int64_t id, std::string problem) {
        report.intact = false;
        report.firstBroken = id;
        report.problem = std::move(problem);
        return report;
    };
    while (true) {
        auto row = stmt->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        r.id = stmt->columnInt(0);
        const std::int64_t expected = report.records + 1;
        if (r.id != expected)
            return broken(expected, r.id > expected
                                        ? "record " + std::to_string(expected) + " is missing (the next is " +
                                              std::to_string(r.id) + "): records were deleted"
                                        : "record ids are out of order at " + std::to_string(r.id));
        r.timeMs = stmt->columnInt(1);
        r.runId.assign(stmt->columnText(2));
        r.type.assign(stmt->columnText(3));
        r.seq = stmt->columnInt(4);
        r.payload.assign(stmt->columnText(5));
        if (stmt->columnText(6) != prev)
            return broken(r.id, "record " + std::to_string(r.id) +
                                    " does not link to the record before it: records were deleted, inserted or "
                                    "reordered");
        std::string hash = AuditChain::hashOf(r, prev);
        if (stmt->columnText(7) != hash)
            return broken(r.id,
                          "record " + std::to_string(r.id) + " (" + r.type + ") was modified after it was written");
        prev = std::move(hash);
        ++report.records;
        if (walk.visit)
            walk.visit(r);
        if (!r.runId.empty()) {
            DerivedRun &run = runs[r.runId];
            if (auto ok = RunSummaryFold::apply(r, run.summary); !ok)
                return broken(r.id, "record " + std::to_string(r.id) + ": " + ok.error().message);
            run.lastRecord = r.id;
            if ((r.type == "action" || r.type == "verdict") && rowsOf.contains(r.runId)) {
                toDerive.push_back(r);
                if (toDerive.size() >= kDeriveBlock)
                    deriveBlock();
            }
        }
        if (walk.progress && (report.records & 0xffff) == 0)
            walk.progress(report.records);
    }
    report.headHash = prev;
    deriveBlock();
    addDerived();

    auto anchor = HeadAnchor::read(databasePath);
    if (!anchor)
        return std::unexpected(anchor.error());
    if (!*anchor && report.records > 0) {
        // Every store Warden writes has an anchor: without it, deleting the
        // newest records (and the anchor) would leave a chain that verifies.
        report.intact = false;
        report.problem = "the head anchor beside the store (" + HeadAnchor::pathFor(databasePath) +
                         ") is missing, so the tail cannot be proven: records after " + std::to_string(report.records) +
                         " could have been removed without a trace";
        return report;
    }
    if (*anchor) {
        report.anchorChecked = true;
        const HeadAnchor &a = **anchor;
        if (report.records < a.count)
            return broken(report.records + 1, "the log ends at record " + std::to_string(report.records) +
                                                  " but its head anchor records " + std::to_string(a.count) +
                                                  ": the tail was truncated");
        // Re-walking to the anchored record would double the cost; instead the
        // anchored hash must appear at its position, which the chain fixes.
        if (a.count > 0) {
            auto at = db->prepare("SELECT hash FROM audit WHERE id = ?");
            if (!at)
                return std::unexpected(at.error());
            at->bind(1, a.count);
            auto row = at->step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row || at->columnText(0) != a.hash)
                return broken(a.count, "record " + std::to_string(a.count) +
                                           " differs from the head anchor: the log was rewritten");
        }
    }

    // Run lists read the `runs` table, which is not chained: it must be what
    // the chain implies, row for row.
    auto rows = db->prepare("SELECT run_id, agent, source, host, state, started_ms, ended_ms, actions, label, "
                            "confidence, summary, declaration_sha256 FROM runs ORDER BY run_id");
    if (!rows)
        return std::unexpected(rows.error());
    std::set<std::string> listed;
    while (true) {
        auto row = rows->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        const std::string runId(rows->columnText(0));
        auto it = runs.find(runId);
        if (it == runs.end() || it->second.summary.runId.empty())
            return broken(report.records, "the run list shows run " + runId +
                                              ", which no chained record started: the run list was edited");
        listed.insert(runId);
        if (auto field = firstDifference(it->second.summary, *rows); !field.empty())
            return broken(it->second.lastRecord, "the run list's " + field + " for run " + runId +
                                                     " differs from its chained records: the run list was edited");
    }
    for (const auto &[runId, run] : runs)
        if (!run.summary.runId.empty() && !listed.contains(runId))
            return broken(run.lastRecord, "run " + runId + " is missing from the run list: the run list was edited");

    if (!rowsKept)
        return report;
    auto stored =
        db->prepare(std::string("SELECT ") + ActionRow::kColumns + " FROM action_rows ORDER BY run_id, record");
    if (!stored)
        return std::unexpected(stored.error());
    std::string current;
    RowDigest digest;
    std::string mismatch;
    const auto compare = [&] {
        if (current.empty() || !mismatch.empty())
            return;
        auto it = expectedRows.find(current);
        if (it == expectedRows.end() || it->second.finish() != digest.finish())
            mismatch = current;
    };
    auto read = stored->eachRow([&] {
        ActionRow row = ActionRow::read(*stored);
        if (row.runId != current) {
            compare();
            current = row.runId;
            digest = RowDigest();
        }
        digest.add(row);
    });
    if (!read)
        return std::unexpected(read.error());
    compare();
    if (!mismatch.empty()) {
        auto it = runs.find(mismatch);
        return broken(it != runs.end() ? it->second.lastRecord : report.records,
                      "the action rows of run " + mismatch +
                          " (what the console's table and timeline show) differ from its chained records: they "
                          "were edited");
    }
    return report;
}

std::string AuditVerifier::Report::sentence() const
{
    if (!intact && firstBroken == 0)
        return "NOT PROVEN: " + std::to_string(records) + " records link up, but " + problem;
    if (!intact)
        // `records` is how many verified before the break, not the store's size.
        return "BROKEN at record " + std::to_string(firstBroken) + ": " + problem + " (the " + std::to_string(records) +
               " record" + (records == 1 ? "" : "s") + " before it verified)";
    return "intact: " + std::to_string(records) + " records verified" +
           (anchorChecked ? ", head anchor matches" : ", no head anchor to compare");
}

} // namespace warden
