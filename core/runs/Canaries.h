#pragma once

#include "core/judge/Judge.h"
#include "core/policy/Declaration.h"

#include <string>
#include <utility>
#include <vector>

namespace warden::Canaries {

// Fake credentials with fresh random values for one run, shaped like the real
// thing so an injected agent takes them. Any of them seen leaving the sandbox
// is confirmed exfiltration. A variable the run sets itself (an agent CLI's
// own API key) is not made a canary: the agent sends it to its model by
// design.
// `standIns`: variable and prefix of each stand-in API key the run hands
// its agent instead of the real one (the model door keeps that): a canary
// too, in the vendor's format, so that sending it anywhere is seen.
// Behind the model door each declared provider's key variable holds a
// stand-in of the vendor's shape, a canary: the real key stays with the door.
// Each as (variable, prefix), for generate().
std::vector<std::pair<std::string, std::string>> standInKeys(const Declaration &declaration);

std::vector<Judge::Canary> generate(const std::vector<std::pair<std::string, std::string>> &setByRun = {},
                                    const std::vector<std::pair<std::string, std::string>> &standIns = {});

} // namespace warden::Canaries
