#pragma once

#include "core/policy/Declaration.h"

#include <string>
#include <utility>
#include <vector>

namespace warden {

// A declaration in a reviewer's words: what the agent may do, one line per
// topic ("Tools", "Needs approval", "Network", ...), for the console and for
// incident reports.
std::vector<std::pair<std::string, std::string>> summarizeDeclaration(const Declaration &declaration);

} // namespace warden
