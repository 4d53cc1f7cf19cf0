#include "core/sandbox/DockerClient.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

namespace warden {

namespace {

struct Sink {
    std::string *body;
    const std::function<void(std::string_view)> *stream;
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *sink = static_cast<Sink *>(user);
    const size_t n = size * count;
    if (sink->stream)
        (*sink->stream)(std::string_view(data, n));
    else if (sink->body->size() + n > 64 * 1024 * 1024)
        return 0; // refuse absurd responses
    else
        sink->body->append(data, n);
    return n;
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

DockerEndpoint DockerEndpoint::fromEnvironment()
{
    DockerEndpoint e;
    const char *host = std::getenv("DOCKER_HOST");
    if (host && std::string_view(host).starts_with("unix://")) {
        e.unixSocket = std::string(host).substr(7);
    } else if (host && std::string_view(host).starts_with("tcp://")) {
        e.unixSocket.clear();
        const char *verify = std::getenv("DOCKER_TLS_VERIFY");
        e.tlsVerify = verify && *verify && std::string_view(verify) != "0";
        e.tcpUrl = (e.tlsVerify ? "https://" : "http://") + std::string(host).substr(6);
        if (const char *certs = std::getenv("DOCKER_CERT_PATH"); certs && *certs)
            e.certPath = certs;
        else if (const char *home = std::getenv("HOME"))
            e.certPath = std::string(home) + "/.docker";
    }
    return e;
}

std::string DockerEndpoint::describe() const
{
    return tcpUrl.empty() ? "unix://" + unixSocket : tcpUrl + (tlsVerify ? " (TLS)" : " (no TLS)");
}

nlohmann::json DockerClient::Response::json() const
{
    // An engine's answer is read like anything else from outside: bounded
    // depth, no duplicate keys. Anything else is a discarded value.
    auto parsed = WireJson::parse(body, {.maxBytes = 64 * 1024 * 1024});
    return parsed ? std::move(*parsed) : nlohmann::json(nlohmann::json::value_t::discarded);
}

DockerClient::DockerClient(DockerEndpoint endpoint) : m_endpoint(std::move(endpoint))
{
    initCurlOnce();
    m_curl = curl_easy_init();
}

DockerClient::~DockerClient()
{
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

Result<std::string> DockerClient::negotiate()
{
    auto r = perform("GET", "/version", {}, 10, nullptr);
    if (!r)
        return std::unexpected(r.error());
    if (r->status != 200)
        return fail("Docker engine at " + m_endpoint.describe() + " answered HTTP " + std::to_string(r->status));
    auto doc = r->json();
    if (!doc.is_object() || !doc.contains("ApiVersion") || !doc.at("ApiVersion").is_string())
        return fail("Docker engine at " + m_endpoint.describe() + " sent an unreadable /version");
    // Speak the lower of the engine's API and the newest we know.
    const std::string engine = doc.at("ApiVersion").get<std::string>();
    auto minor = [](const std::string &v) {
        auto dot = v.find('.');
        return dot == std::string::npos ? 0 : std::atoi(v.c_str() + dot + 1);
    };
    m_api = "v1." + std::to_string(std::min(minor(engine), 43));
    m_podman = false;
    for (const auto &component : JsonLookup::arrayOr(doc, "Components"))
        if (JsonLookup::stringOr(component, "Name").find("Podman") != std::string::npos)
            m_podman = true;
    return JsonLookup::stringOr(doc, "Version", "unknown");
}

Result<DockerClient::Response> DockerClient::request(const std::string &method, const std::string &path,
                                                     const std::string &body, long timeoutSeconds)
{
    return perform(method, "/" + m_api + path, body, timeoutSeconds, nullptr);
}

Result<long> DockerClient::stream(const std::string &path, const std::function<void(std::string_view)> &sink)
{
    auto r = perform("GET", "/" + m_api + path, {}, 0, &sink);
    if (!r)
        return std::unexpected(r.error());
    return r->status;
}

Result<DockerClient::Response> DockerClient::perform(const std::string &method, const std::string &path,
                                                     const std::string &body, long timeoutSeconds,
                                                     const std::function<void(std::string_view)> *sink)
{
    CURL *c = static_cast<CURL *>(m_curl);
    if (!c)
        return fail("libcurl could not start");
    curl_easy_reset(c);
    Response response;
    Sink target{&response.body, sink};
    const std::string base = m_endpoint.tcpUrl.empty() ? "http://localhost" : m_endpoint.tcpUrl;
    const std::string url = base + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    if (m_endpoint.tcpUrl.empty())
        curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, m_endpoint.unixSocket.c_str());
    else if (m_endpoint.tlsVerify) {
        const std::string ca = m_endpoint.certPath + "/ca.pem";
        const std::string cert = m_endpoint.certPath + "/cert.pem";
        const std::string key = m_endpoint.certPath + "/key.pem";
        curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
        curl_easy_setopt(c, CURLOPT_SSLCERT, cert.c_str());
        curl_easy_setopt(c, CURLOPT_SSLKEY, key.c_str());
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &target);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeoutSeconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_slist *headers = nullptr;
    if (!body.empty() || method == "POST") {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK)
        return fail("Docker engine at " + m_endpoint.describe() + ": " + curl_easy_strerror(rc) + " (" + method + " " +
                    path + ")");
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace warden
