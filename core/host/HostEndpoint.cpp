#include "core/host/HostEndpoint.h"

#include "core/common/TextFile.h"

#include <QHostAddress>
#include <QUrl>

#include <cstdlib>
#include <sys/stat.h>

namespace warden {

bool HostEndpoint::looksLikeUrl(std::string_view text)
{
    return text.starts_with("warden://") || text.starts_with("wardens://");
}

Result<HostEndpoint> HostEndpoint::parse(std::string_view text)
{
    const QUrl url(QString::fromUtf8(text.data(), qsizetype(text.size())), QUrl::StrictMode);
    HostEndpoint e;
    if (!url.isValid() || url.host().isEmpty())
        return fail("not a Warden host URL (wardens://HOST:PORT): \"" + std::string(text) + "\"");
    if (url.scheme() == QLatin1String("wardens"))
        e.tls = true;
    else if (url.scheme() == QLatin1String("warden"))
        e.tls = false;
    else
        return fail("a Warden host URL starts with wardens:// (TLS) or warden:// (loopback only)");
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() ||
        url.hasFragment())
        return fail("a Warden host URL is wardens://HOST:PORT, nothing more: \"" + std::string(text) + "\"");
    e.host = url.host();
    const int port = url.port(kDefaultPort);
    if (port <= 0 || port > 65535)
        return fail("port out of range in \"" + std::string(text) + "\"");
    e.port = quint16(port);
    if (!e.tls && !e.isLoopback())
        return fail("warden:// (no TLS) is for loopback addresses only; use wardens:// for " + e.host.toStdString());
    return e;
}

Result<HostEndpoint> HostEndpoint::fromCommandLine(std::string_view url, const std::string &tokenFile)
{
    auto e = parse(url);
    if (!e)
        return e;
    if (!tokenFile.empty()) {
        auto token = readOwnerOnlySecret(tokenFile);
        if (!token)
            return std::unexpected(token.error());
        e->token = std::move(*token);
    } else if (const char *env = std::getenv("WARDEN_HOST_TOKEN"); env && *env) {
        e->token = env;
    } else {
        return fail("no token for " + e->url() + ": set WARDEN_HOST_TOKEN or pass --token-file");
    }
    if (const char *ca = std::getenv("WARDEN_HOST_CA"); ca && *ca)
        e->caFile = QString::fromLocal8Bit(ca);
    return e;
}

std::string HostEndpoint::url() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return (tls ? "wardens://" : "warden://") + h.toStdString() + ":" + std::to_string(port);
}

bool HostEndpoint::isLoopback() const
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<std::string> readOwnerOnlySecret(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail("cannot read the token file", {}, 0, path);
    if ((st.st_mode & 077) != 0)
        return fail("the token file is readable by others (chmod 600 it)", {}, 0, path);
    auto text = readTextFile(path, 4096);
    if (!text)
        return std::unexpected(text.error());
    std::string token = *text;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    if (token.size() < 16)
        return fail("the token is shorter than 16 characters", {}, 0, path);
    return token;
}

} // namespace warden
