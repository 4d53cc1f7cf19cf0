#pragma once

#include <string>

namespace warden::StorePaths {

// The store the user means: an explicit path wins, then $WARDEN_DB, then
// warden/warden.db under the XDG data directory.
std::string resolve(const std::string &explicitPath);

} // namespace warden::StorePaths
