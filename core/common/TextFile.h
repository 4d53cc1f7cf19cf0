#pragma once

#include "core/common/Error.h"

#include <cstddef>
#include <string>

namespace warden {

// Reads a whole file; errors name the file. Files larger than `maxBytes` are
// refused rather than read into memory.
Result<std::string> readTextFile(const std::string &path, std::size_t maxBytes);

} // namespace warden
