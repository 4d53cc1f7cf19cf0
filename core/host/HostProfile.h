#pragma once

#include "core/common/Error.h"
#include "core/sandbox/DockerClient.h"

#include <nlohmann/json.hpp>

#include <string>

namespace warden {

// A host the console can run on, as the reviewer configured it. Secrets are
// not part of it: a Warden host's token lives in the OS keychain under `id`.
struct HostProfile {
    enum class Kind { Bubblewrap, Docker, Warden };
    std::string id;   // stable; the keychain key
    std::string name; // shown
    Kind kind = Kind::Bubblewrap;
    // docker: unix:///path or tcp://host:port; warden: wardens://host:port; bwrap: empty
    std::string address;
    std::string certDir;   // docker over TLS: ca.pem, cert.pem, key.pem
    std::string caFile;    // warden: a pinned CA, when not one the system trusts
    bool detected = false; // found on this machine rather than added

    static const char *kindName(Kind kind);
    nlohmann::json toJson() const;
    // `where` names the file for errors ("hosts.json: /hosts/2/address: ...").
    static Result<HostProfile> fromJson(const nlohmann::json &json, const std::string &where);
    // Checks the address against the kind; the error names the field.
    Result<void> validate() const;
    // A Docker host's engine endpoint (unix socket, or tcp with TLS from certDir).
    DockerEndpoint dockerEndpoint() const;
};

} // namespace warden
