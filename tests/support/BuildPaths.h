#pragma once

#include <string>

namespace warden::test {

// Where this build's sources and binaries are. Defined in one generated
// file (BuildPaths.cpp.in), so that no other test's compilation depends on
// the checkout's path and a compiler cache can share it between checkouts.
std::string sourceDir();
std::string binaryDir();

} // namespace warden::test
