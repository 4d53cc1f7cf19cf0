#pragma once

#include <string>

// Runs the agent under the warden's supervisor: installs the notify filter
// on this thread, hands its listener to the warden over `supervisorSocket`
// (SCM_RIGHTS, from a helper thread the filter does not cover, so the
// handoff is not itself held for a supervisor that has nothing yet), waits
// for the warden's word, drops every copy of the listener and execs argv.
// Returns only on failure, with the reason in `why`; the agent never runs
// unsupervised.
void runSupervised(char **argv, const std::string &supervisorSocket, std::string &why);
