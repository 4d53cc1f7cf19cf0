#pragma once

#include "core/common/Error.h"

#include <QString>

#include <string>

namespace warden {

// Where a remote Warden host daemon (warden-hostd, `wardenctl serve`) listens
// and how to prove who we are: wardens://HOST:PORT is TLS, warden://HOST:PORT
// plain TCP, which only a loopback address may use. The token comes from the
// caller (keychain in the console; WARDEN_HOST_TOKEN or a token file on the
// command line); `caFile` pins the CA that signed the host's certificate.
struct HostEndpoint {
    QString host;
    quint16 port = 0;
    bool tls = true;
    std::string token;
    QString caFile;

    static constexpr quint16 kDefaultPort = 7455;

    static bool looksLikeUrl(std::string_view text);
    static Result<HostEndpoint> parse(std::string_view url);
    // parse() plus the token and CA from the environment (WARDEN_HOST_TOKEN,
    // WARDEN_HOST_CA) or from `tokenFile`, which must be owner-only.
    static Result<HostEndpoint> fromCommandLine(std::string_view url, const std::string &tokenFile);

    std::string url() const;
    bool isLoopback() const;
};

// Reads a secret from a file that only its owner may read; refuses others.
Result<std::string> readOwnerOnlySecret(const std::string &path);

} // namespace warden
