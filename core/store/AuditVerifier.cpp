#include "core/store/AuditVerifier.h"

#include "core/store/AuditChain.h"
#include "core/store/HeadAnchor.h"
#include "core/store/RunSummaryFold.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"

#include <map>
#include <set>
#include <unistd.h>

namespace warden {

namespace {

struct DerivedRun {
    RunSummary summary;
    std::int64_t lastRecord = 0; // the last chained record of the run
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

Result<AuditVerifier::Report> AuditVerifier::verify(const std::string &databasePath,
                                                    const std::function<void(std::int64_t)> &progress)
{
    if (::access(databasePath.c_str(), R_OK) != 0)
        return fail("no audit store here", {}, 0, databasePath);
    auto db = SqliteConnection::open(databasePath, SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    auto stmt = db->prepare("SELECT id, time_ms, run_id, type, seq, payload, prev_hash, hash FROM audit ORDER BY id");
    if (!stmt)
        return std::unexpected(stmt.error());

    Report report;
    std::map<std::string, DerivedRun> runs;
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
        if (!r.runId.empty()) {
            DerivedRun &run = runs[r.runId];
            if (auto ok = RunSummaryFold::apply(r, run.summary); !ok)
                return broken(r.id, "record " + std::to_string(r.id) + ": " + ok.error().message);
            run.lastRecord = r.id;
        }
        if (progress && (report.records & 0xffff) == 0)
            progress(report.records);
    }
    report.headHash = prev;

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
