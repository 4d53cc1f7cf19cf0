#pragma once

#include "core/common/Error.h"

#include <string>

struct sqlite3;

namespace warden {

class SqliteStatement;

// An owned SQLite connection. Not shared between threads: each thread that
// touches the store opens its own (the writer one, every reader another).
class SqliteConnection {
public:
    enum class Mode { ReadWrite, ReadOnly };

    static Result<SqliteConnection> open(const std::string &path, Mode mode);
    SqliteConnection(SqliteConnection &&other) noexcept;
    SqliteConnection &operator=(SqliteConnection &&other) noexcept;
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;
    ~SqliteConnection();

    Result<void> exec(const std::string &sql);
    Result<SqliteStatement> prepare(const std::string &sql);
    std::string lastError() const;
    const std::string &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

private:
    SqliteConnection() = default;
    sqlite3 *m_db = nullptr;
    std::string m_path;
};

} // namespace warden
