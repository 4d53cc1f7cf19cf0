#include "core/store/StoreSchema.h"

#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"

#include <array>

namespace warden {
namespace {

// Index i holds the SQL that takes the schema from version i to i + 1.
constexpr std::array<const char *, StoreSchema::kCurrentVersion> kMigrations = {
    R"sql(
    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        time_ms   INTEGER NOT NULL,
        run_id    TEXT    NOT NULL,
        type      TEXT    NOT NULL,
        seq       INTEGER NOT NULL,
        payload   TEXT    NOT NULL,
        prev_hash TEXT    NOT NULL,
        hash      TEXT    NOT NULL
    );
    CREATE INDEX audit_by_run ON audit (run_id, type, seq);
    -- The log is append-only for everything that goes through SQLite.
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    -- A summary of each run, derived from the audit log for fast listing.
    CREATE TABLE runs (
        run_id             TEXT PRIMARY KEY,
        agent              TEXT NOT NULL,
        source             TEXT NOT NULL,
        host               TEXT NOT NULL DEFAULT '',
        state              TEXT NOT NULL,
        started_ms         INTEGER NOT NULL,
        ended_ms           INTEGER,
        actions            INTEGER NOT NULL DEFAULT 0,
        label              TEXT,
        confidence         REAL,
        summary            TEXT,
        declaration_sha256 TEXT NOT NULL
    );
    CREATE INDEX runs_by_start ON runs (started_ms);
    )sql",
    // 2: what a run's table and timeline need of each action and verdict,
    // derived at commit (ActionRow), clustered by run. Runs stored before
    // it have no rows here and are read from the log itself.
    R"sql(
    CREATE TABLE action_rows (
        run_id     TEXT    NOT NULL,
        record     INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        is_verdict INTEGER NOT NULL,
        kind       TEXT,
        time_ms    INTEGER,
        source     TEXT,
        decision   TEXT,
        declared   INTEGER,
        PRIMARY KEY (run_id, record)
    ) WITHOUT ROWID;
    )sql",
};

} // namespace

Result<int> StoreSchema::version(SqliteConnection &db)
{
    auto ok = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    if (!ok)
        return std::unexpected(ok.error());
    auto stmt = db.prepare("SELECT MAX(version) FROM schema_version");
    if (!stmt)
        return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row)
        return std::unexpected(row.error());
    return *row && !stmt->columnIsNull(0) ? static_cast<int>(stmt->columnInt(0)) : 0;
}

Result<void> StoreSchema::migrate(SqliteConnection &db)
{
    if (auto ok = db.exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    auto current = version(db);
    if (!current) {
        db.exec("ROLLBACK");
        return std::unexpected(current.error());
    }
    if (*current > kCurrentVersion) {
        db.exec("ROLLBACK");
        return fail("the store has schema version " + std::to_string(*current) + ", newer than this Warden (" +
                        std::to_string(kCurrentVersion) + "); upgrade Warden to open it",
                    {}, 0, db.path());
    }
    for (int v = *current; v < kCurrentVersion; ++v) {
        auto step = db.exec(kMigrations[static_cast<std::size_t>(v)]);
        if (step)
            step = db.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(v + 1) + ")");
        if (!step) {
            db.exec("ROLLBACK");
            return std::unexpected(step.error());
        }
    }
    return db.exec("COMMIT");
}

bool StoreSchema::hasActionRows(SqliteConnection &db)
{
    auto table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'action_rows'");
    auto row = table ? table->step() : Result<bool>(false);
    return row && *row;
}

} // namespace warden
