#pragma once

#include "core/common/Error.h"

namespace warden {

class SqliteConnection;

// The store's schema and its migrations. Each migration moves the schema one
// version up inside a transaction; a store newer than this build is refused
// rather than guessed at.
class StoreSchema {
public:
    static constexpr int kCurrentVersion = 2;

    static Result<void> migrate(SqliteConnection &db);
    static Result<int> version(SqliteConnection &db);
    // Whether the store has the action rows of schema 2 (a store read before
    // a writer of schema 2 opened it has not).
    static bool hasActionRows(SqliteConnection &db);
};

} // namespace warden
