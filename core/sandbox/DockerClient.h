#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

namespace warden {

// Where a Docker Engine (or Podman's compatible API) listens: a unix socket,
// or tcp:// with TLS client certificates as DOCKER_CERT_PATH describes.
struct DockerEndpoint {
    std::string unixSocket = "/var/run/docker.sock";
    std::string tcpUrl; // https://host:2376 when set
    std::string certPath;
    bool tlsVerify = true;

    static DockerEndpoint fromEnvironment();
    std::string describe() const;
};

// A blocking Docker Engine API client over libcurl, for worker threads only.
// One curl handle per client, kept for connection reuse. The API version is
// negotiated once (the lower of the engine's and ours).
class DockerClient {
public:
    struct Response {
        long status = 0;
        std::string body;
        nlohmann::json json() const;
    };

    explicit DockerClient(DockerEndpoint endpoint);
    ~DockerClient();
    DockerClient(const DockerClient &) = delete;
    DockerClient &operator=(const DockerClient &) = delete;

    // GET /version; remembers the API version to use. Returns the engine's version.
    Result<std::string> negotiate();

    Result<Response> request(const std::string &method, const std::string &path, const std::string &body = {},
                             long timeoutSeconds = 60);
    // Streams a response body to `sink` (logs?follow=1); returns when the engine closes it.
    Result<long> stream(const std::string &path, const std::function<void(std::string_view)> &sink);

    const std::string &apiVersion() const { return m_api; }
    // Podman's compatible API (known after negotiate()): it reads a seccomp
    // profile from a path, where Docker takes the profile itself.
    bool isPodman() const { return m_podman; }

private:
    Result<Response> perform(const std::string &method, const std::string &path, const std::string &body,
                             long timeoutSeconds, const std::function<void(std::string_view)> *sink);

    DockerEndpoint m_endpoint;
    void *m_curl = nullptr;
    std::string m_api = "v1.41";
    bool m_podman = false;
};

} // namespace warden
