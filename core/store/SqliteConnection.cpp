#include "core/store/SqliteConnection.h"

#include "core/store/SqliteStatement.h"

#include <sqlite3.h>

#include <utility>

namespace warden {

Result<SqliteConnection> SqliteConnection::open(const std::string &path, Mode mode)
{
    SqliteConnection c;
    c.m_path = path;
    int flags = SQLITE_OPEN_NOMUTEX |
                (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &c.m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = c.m_db ? sqlite3_errmsg(c.m_db) : sqlite3_errstr(rc);
        return fail("cannot open the store: " + message, {}, 0, path);
    }
    sqlite3_busy_timeout(c.m_db, 5000);
    sqlite3_extended_result_codes(c.m_db, 1);
    return c;
}

SqliteConnection::SqliteConnection(SqliteConnection &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path))
{}

SqliteConnection &SqliteConnection::operator=(SqliteConnection &&other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

SqliteConnection::~SqliteConnection()
{
    sqlite3_close_v2(m_db);
}

Result<void> SqliteConnection::exec(const std::string &sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : lastError();
        sqlite3_free(message);
        return fail("SQLite: " + text, {}, 0, m_path);
    }
    return {};
}

Result<SqliteStatement> SqliteConnection::prepare(const std::string &sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
        return fail("SQLite: " + lastError(), {}, 0, m_path);
    return SqliteStatement(stmt, this);
}

std::string SqliteConnection::lastError() const
{
    return m_db ? sqlite3_errmsg(m_db) : "no connection";
}

} // namespace warden
