#pragma once

#include "core/host/HostProfile.h"

#include <string>

namespace warden {

// "Test connection": reaches a host the way a run would and reports what it
// found. Blocking (a process, a socket, TLS): call it from a worker thread.
struct HostStatus {
    bool reachable = false;
    std::string version;   // bwrap, Docker Engine or Warden version
    std::string isolation; // what a sandbox there is made of
    std::string hardening; // what was checked, in a few words
    std::string error;     // why it is not reachable
};

class HostProbe {
public:
    // `token` is the Warden host's; unused for the other kinds.
    static HostStatus probe(const HostProfile &host, const std::string &token);
};

} // namespace warden
