#include "core/host/HostProfile.h"

#include "core/host/HostEndpoint.h"

namespace warden {

const char *HostProfile::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Bubblewrap: return "bwrap";
    case Kind::Docker: return "docker";
    case Kind::Warden: return "warden";
    }
    return "bwrap";
}

nlohmann::json HostProfile::toJson() const
{
    return {{"id", id},           {"name", name},        {"kind", kindName(kind)},
            {"address", address}, {"cert_dir", certDir}, {"ca_file", caFile}};
}

Result<HostProfile> HostProfile::fromJson(const nlohmann::json &json, const std::string &where)
{
    if (!json.is_object())
        return fail("a host is an object", where);
    HostProfile p;
    const auto field = [&](const char *key, std::string &into, bool required) -> Result<void> {
        auto it = json.find(key);
        if (it == json.end()) {
            if (required)
                return fail("missing", where + "/" + key);
            return {};
        }
        if (!it->is_string())
            return fail("must be a string", where + "/" + key);
        into = it->get<std::string>();
        return {};
    };
    std::string kind;
    for (auto check :
         {field("id", p.id, true), field("name", p.name, true), field("kind", kind, true),
          field("address", p.address, false), field("cert_dir", p.certDir, false), field("ca_file", p.caFile, false)})
        if (!check)
            return std::unexpected(check.error());
    for (const auto &[key, value] : json.items())
        if (key != "id" && key != "name" && key != "kind" && key != "address" && key != "cert_dir" && key != "ca_file")
            return fail("unknown field", where + "/" + key);
    if (kind == "bwrap")
        p.kind = Kind::Bubblewrap;
    else if (kind == "docker")
        p.kind = Kind::Docker;
    else if (kind == "warden")
        p.kind = Kind::Warden;
    else
        return fail("must be bwrap, docker or warden", where + "/kind");
    if (auto ok = p.validate(); !ok) {
        Error e = ok.error();
        e.field = where + "/" + e.field;
        return std::unexpected(e);
    }
    return p;
}

Result<void> HostProfile::validate() const
{
    if (id.empty() || id.size() > 64)
        return fail("must be 1 to 64 characters", "id");
    if (name.empty() || name.size() > 100)
        return fail("must be 1 to 100 characters", "name");
    switch (kind) {
    case Kind::Bubblewrap:
        if (!address.empty())
            return fail("bubblewrap runs here and has no address", "address");
        break;
    case Kind::Docker:
        if (!address.starts_with("unix:///") && !address.starts_with("tcp://"))
            return fail("a Docker engine is unix:///PATH or tcp://HOST:PORT", "address");
        if (address.starts_with("tcp://") && certDir.empty() && !address.starts_with("tcp://127.0.0.1:") &&
            !address.starts_with("tcp://localhost:"))
            return fail("a remote Docker engine needs TLS client certificates (a directory with ca.pem, cert.pem, "
                        "key.pem)",
                        "cert_dir");
        break;
    case Kind::Warden:
        if (auto endpoint = HostEndpoint::parse(address); !endpoint)
            return fail(endpoint.error().message, "address");
        break;
    }
    return {};
}

DockerEndpoint HostProfile::dockerEndpoint() const
{
    DockerEndpoint endpoint;
    if (address.starts_with("unix://")) {
        endpoint.unixSocket = address.substr(7);
    } else {
        endpoint.unixSocket.clear();
        endpoint.tlsVerify = !certDir.empty();
        endpoint.tcpUrl =
            (endpoint.tlsVerify ? "https://" : "http://") + address.substr(std::min<std::size_t>(6, address.size()));
        endpoint.certPath = certDir;
    }
    return endpoint;
}

} // namespace warden
