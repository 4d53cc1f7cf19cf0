#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace warden {

// The chain's head kept beside the database ("warden.db.head"): the record
// count and the last hash, replaced atomically after every commit. A chain
// alone cannot show that its tail was cut off; the anchor can. It is written
// after the commit, so after a crash the database may be ahead of it, never
// behind.
struct HeadAnchor {
    std::int64_t count = 0;
    std::string hash;

    static std::string pathFor(const std::string &databasePath);
    static Result<std::optional<HeadAnchor>> read(const std::string &databasePath);
    Result<void> write(const std::string &databasePath) const;
};

} // namespace warden
