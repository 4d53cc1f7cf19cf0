#include "core/runs/RunRecovery.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include "core/common/WardenIdentity.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <signal.h>
#include <unistd.h>

namespace warden {

QString RunRecovery::runDirectoryTemplate()
{
    return QDir::tempPath() + QStringLiteral("/warden-run-%1-XXXXXX").arg(QCoreApplication::applicationPid());
}

int RunRecovery::sweepRunDirectories()
{
    int removed = 0;
    const auto entries =
        QDir(QDir::tempPath())
            .entryInfoList({QStringLiteral("warden-run-*")}, QDir::Dirs | QDir::NoSymLinks | QDir::Hidden);
    for (const QFileInfo &dir : entries) {
        const QStringList parts = dir.fileName().split(QLatin1Char('-'));
        bool isPid = false;
        const qint64 pid = parts.size() == 4 ? parts[2].toLongLong(&isPid) : 0;
        if (!isPid || pid <= 1 || dir.ownerId() != ::getuid())
            continue;
        if (::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
            continue; // its warden still runs (or is not ours to ask about)
        // removeRecursively deletes symlinks themselves, never what they point to.
        if (QDir(dir.absoluteFilePath()).removeRecursively())
            ++removed;
    }
    return removed;
}

Result<RunRecovery::Outcome> RunRecovery::recover(AuditStore &store)
{
    auto db = SqliteConnection::open(store.path(), SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    Outcome outcome;
    outcome.directoriesRemoved = sweepRunDirectories();
    std::vector<AuditRecord> records;

    // Every run still marked live, with its owner (none on a legacy record).
    // Live runs of a warden that still runs (another console, a `wardenctl
    // run` beside this one) are that warden's, and left alone.
    std::set<std::string> stillOwned, orphaned;
    auto live = db->prepare("SELECT r.run_id, a.payload FROM runs r LEFT JOIN audit a ON a.run_id = r.run_id "
                            "AND a.type = 'run_started' WHERE r.state IN ('starting', 'running')");
    if (!live)
        return std::unexpected(live.error());
    auto read = live->eachRow([&] {
        std::string runId(live->columnText(0));
        const auto started = WireJson::parseStored(live->columnText(1));
        const std::string owner = JsonLookup::stringOr(started, "owner");
        if (!owner.empty() && WardenIdentity::owner(owner) != WardenIdentity::Owner::Gone)
            stillOwned.insert(std::move(runId));
        else
            orphaned.insert(std::move(runId));
    });
    if (!read)
        return std::unexpected(read.error());
    // A run with two start records (never written, but read back from disk)
    // is left alone if any of them names a live owner.
    std::erase_if(orphaned, [&](const std::string &id) { return stillOwned.contains(id); });

    // The last word on each approval id decides whether it is still pending.
    // Only an orphaned run can hold one (a run that ended expired its own),
    // and each is read over the run's index: a store of millions of records
    // is not scanned at every start.
    auto approvals = db->prepare("SELECT payload FROM audit WHERE run_id = ? AND type = 'approval' ORDER BY id");
    auto lastAction = db->prepare("SELECT MAX(seq) FROM audit WHERE run_id = ? AND type = 'action'");
    if (!approvals)
        return std::unexpected(approvals.error());
    if (!lastAction)
        return std::unexpected(lastAction.error());
    std::map<std::string, nlohmann::json> last;
    std::map<std::string, std::int64_t> lastSeq;
    for (const std::string &runId : orphaned) {
        approvals->bind(1, runId);
        auto readApprovals = approvals->eachRow([&] {
            auto p = WireJson::parseStored(approvals->columnText(0));
            if (p.is_object() && p.contains("id") && JsonLookup::stringOr(p, "run") == runId)
                last[JsonLookup::stringOr(p, "id")] = p;
        });
        approvals->reset();
        if (!readApprovals)
            return std::unexpected(readApprovals.error());
        lastAction->bind(1, runId);
        auto row = lastAction->step();
        if (!row)
            return std::unexpected(row.error());
        lastSeq[runId] = *row && !lastAction->columnIsNull(0) ? lastAction->columnInt(0) : 0;
        lastAction->reset();
    }
    for (auto &[id, p] : last) {
        if (JsonLookup::stringOr(p, "state") != "pending" || stillOwned.contains(JsonLookup::stringOr(p, "run")))
            continue;
        ApprovalRequest expired;
        expired.id = id;
        expired.runId = JsonLookup::stringOr(p, "run");
        expired.agent = JsonLookup::stringOr(p, "agent");
        expired.seq = JsonLookup::integerOr(p, "seq", 0);
        expired.tool = JsonLookup::stringOr(p, "tool");
        expired.params = JsonLookup::objectOr(p, "params");
        expired.rule = JsonLookup::stringOr(p, "rule");
        expired.state = ApprovalState::Expired;
        expired.reason = "the warden restarted before a decision; the request was denied";
        records.push_back(RunRecords::approval(expired));
        ++outcome.approvalsExpired;
    }

    for (const std::string &runId : orphaned) {
        // Commit at the boundary (docs/AUDIT.md): nothing crossed the
        // sandbox's boundary without its record, but allowed actions inside
        // it after the last one on record may have gone unrecorded.
        const std::int64_t seq = lastSeq[runId];
        records.push_back(RunRecords::runState(
            runId, "failed",
            "the warden stopped while the run was live; the record ends at action " + std::to_string(seq) +
                ": allowed actions inside the sandbox after it may be missing, nothing left the sandbox unrecorded"));
        ++outcome.runsFailed;
    }
    if (!records.empty())
        if (auto ok = store.appendAndWait(std::move(records)); !ok)
            return std::unexpected(ok.error());
    return outcome;
}

} // namespace warden
