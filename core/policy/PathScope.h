#pragma once

#include "core/common/Error.h"

#include <string>
#include <string_view>

namespace warden::PathScope {

// Normalises an absolute path for scope checks: it must start with '/', hold
// no NUL and no ".." component; repeated slashes and "." components fold away.
// The policy engine is pure, so symlinks are not resolved here: executors that
// touch the file system resolve real paths before acting.
Result<std::string> normalize(std::string_view path);

// True when `path` is `scope` or lies below it by whole components
// ("/data2" is not inside "/data"). Both must already be normalised.
bool isWithin(std::string_view path, std::string_view scope);

} // namespace warden::PathScope
