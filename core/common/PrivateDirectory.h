#pragma once

#include "core/common/Error.h"

#include <string>

namespace warden::PrivateDirectory {

// Makes DIR and any missing parents. The directories made here are
// owner-only (0700): they hold audit records, host lists and tokens. A
// directory that exists already keeps its mode. The error names the
// directory that could not be made.
Result<void> make(const std::string &dir);

// make() for the directory that holds FILE.
Result<void> makeFor(const std::string &file);

} // namespace warden::PrivateDirectory
