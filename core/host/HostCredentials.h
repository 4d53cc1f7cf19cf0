#pragma once

#include "core/common/Error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// What a person may do on a Warden host. Each role includes viewing (hello,
// info, list); reviewers decide approvals, launchers start runs, admins both.
enum class HostRole { Viewer, Reviewer, Launcher, Admin };

const char *hostRoleName(HostRole role);
std::optional<HostRole> hostRoleFromName(std::string_view name);
bool mayDecide(HostRole role);
bool mayLaunch(HostRole role);

// One person a host knows: a name, a role and the SHA-256 of their token.
// The host keeps only the hash; the token is shown once, when it is made.
struct HostCredential {
    std::string name;
    HostRole role = HostRole::Viewer;
    std::string tokenSha256; // lower-case hex
};

// The people a host knows, read from an owner-only credentials file:
//   {"warden_credentials": 1,
//    "people": {"alice": {"role": "reviewer", "token_sha256": "<64 hex>"}, ...}}
// or, for a host run with one shared token (--token-file, WARDEN_HOST_TOKEN),
// a single admin called "token". Errors name the file and the field.
class HostCredentials {
public:
    static Result<HostCredentials> load(const std::string &path);
    static HostCredentials sharedToken(const std::string &token);

    // The person whose token this is; every entry is compared, in constant
    // time, so timing says neither whether nor where it matched.
    std::optional<HostCredential> match(std::string_view token) const;

    const std::vector<HostCredential> &people() const { return m_people; }
    bool shared() const { return m_shared; }

    // Adds (or replaces) a person in the file, creating it owner-only, and
    // returns their new token; it is not stored anywhere.
    static Result<std::string> add(const std::string &path, const std::string &name, HostRole role);
    static Result<void> remove(const std::string &path, const std::string &name);

    static std::string sha256Hex(std::string_view text);

private:
    std::vector<HostCredential> m_people;
    bool m_shared = false;
};

} // namespace warden
