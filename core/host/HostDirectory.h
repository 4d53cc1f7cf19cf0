#pragma once

#include "core/host/HostProfile.h"

#include <string>
#include <vector>

namespace warden {

// The hosts a reviewer added, kept in a JSON file without secrets
// ($XDG_CONFIG_HOME/warden/hosts.json), and the hosts found on this machine:
// bubblewrap always, a local Docker engine when its socket is there.
class HostDirectory {
public:
    static std::string defaultPath();
    // A missing file is an empty list; a bad one is an error naming the field.
    static Result<std::vector<HostProfile>> load(const std::string &path);
    static Result<void> save(const std::string &path, const std::vector<HostProfile> &hosts);
    static std::vector<HostProfile> detected();
};

} // namespace warden
