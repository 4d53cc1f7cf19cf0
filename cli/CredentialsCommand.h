#pragma once

#include "cli/CliContext.h"

#include <string>
#include <vector>

namespace warden {

// `wardenctl credentials add|remove|list --file FILE`: the people a Warden
// host knows (see HostCredentials). `add` prints the new token once; the
// file keeps only its hash.
class CredentialsCommand {
public:
    static const char *help();
    static int run(const std::vector<std::string> &args, CliContext &ctx);
};

} // namespace warden
