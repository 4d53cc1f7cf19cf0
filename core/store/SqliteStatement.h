#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace warden {

class SqliteConnection;

// A prepared statement, reset and reused for every row: preparing once per
// batch, not per row, is most of what makes the store fast.
class SqliteStatement {
public:
    SqliteStatement(sqlite3_stmt *stmt, SqliteConnection *owner) : m_stmt(stmt), m_owner(owner) {}
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    ~SqliteStatement();

    SqliteStatement &bind(int index, std::int64_t value);
    SqliteStatement &bind(int index, double value);
    SqliteStatement &bind(int index, std::string_view text);
    SqliteStatement &bindNull(int index);

    // true while a row is available; false when done. Errors are returned.
    Result<bool> step();
    Result<void> run(); // step to completion, then reset
    // Calls row() for each row, with the statement on it; stops at the first
    // error, which it returns.
    template <typename RowFn>
    Result<void> eachRow(RowFn &&row)
    {
        while (true) {
            auto more = step();
            if (!more)
                return std::unexpected(more.error());
            if (!*more)
                return {};
            row();
        }
    }
    void reset();

    std::int64_t columnInt(int index) const;
    double columnDouble(int index) const;
    std::string_view columnText(int index) const;
    bool columnIsNull(int index) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    SqliteConnection *m_owner = nullptr;
};

} // namespace warden
