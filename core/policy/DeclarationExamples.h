#pragma once

#include "core/common/Error.h"
#include "core/policy/Declaration.h"

#include <vector>

namespace warden::DeclarationExamples {

// Decides each of the declaration's examples with the policy engine; one
// error per example decided otherwise than it says, naming the file, the
// example's line and pointer, what it expected, what it got and why.
std::vector<Error> check(const Declaration &declaration, const std::string &fileName);

} // namespace warden::DeclarationExamples
