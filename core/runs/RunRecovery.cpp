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

    // Live runs of a warden that still runs (another console, a `wardenctl
    // run` beside this one) are that warden's, and left alone.
    std::set<std::string> stillOwned;
    auto owners = db->prepare("SELECT r.run_id, a.payload FROM runs r JOIN audit a ON a.run_id = r.run_id "
                              "AND a.type = 'run_started' WHERE r.state IN ('starting', 'running')");
    if (!owners)
        return std::unexpected(owners.error());
    while (true) {
        auto row = owners->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        const auto started = WireJson::parseStored(owners->columnText(1));
        const std::string owner = JsonLookup::stringOr(started, "owner");
        if (!owner.empty() && WardenIdentity::owner(owner) != WardenIdentity::Owner::Gone)
            stillOwned.insert(std::string(owners->columnText(0)));
    }

    // The last word on each approval id decides whether it is still pending.
    auto approvals = db->prepare("SELECT run_id, seq, payload FROM audit WHERE type = 'approval' ORDER BY id");
    if (!approvals)
        return std::unexpected(approvals.error());
    std::map<std::string, nlohmann::json> last;
    while (true) {
        auto row = approvals->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        auto p = WireJson::parseStored(approvals->columnText(2));
        if (p.is_object() && p.contains("id"))
            last[JsonLookup::stringOr(p, "id")] = p;
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

    auto runs = db->prepare("SELECT run_id FROM runs WHERE state IN ('starting', 'running')");
    if (!runs)
        return std::unexpected(runs.error());
    while (true) {
        auto row = runs->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        if (stillOwned.contains(std::string(runs->columnText(0))))
            continue;
        records.push_back(RunRecords::runState(std::string(runs->columnText(0)), "failed",
                                               "the warden stopped while the run was live"));
        ++outcome.runsFailed;
    }
    if (!records.empty())
        if (auto ok = store.appendAndWait(std::move(records)); !ok)
            return std::unexpected(ok.error());
    return outcome;
}

} // namespace warden
