#include "core/runs/BuiltinExecutor.h"

#include "core/egress/CurlAddressCheck.h"
#include "core/policy/PathScope.h"

#include <curl/curl.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace warden {

namespace {

std::string stringParam(const nlohmann::json &params, const std::string &name)
{
    return params.contains(name) && params.at(name).is_string() ? params.at(name).get<std::string>() : std::string();
}

size_t collect(char *data, size_t size, size_t count, void *user)
{
    auto *out = static_cast<std::string *>(user);
    const size_t n = size * count;
    if (out->size() + n > BuiltinExecutor::kMaxBytes)
        return 0;
    out->append(data, n);
    return n;
}

} // namespace

Result<nlohmann::json> BuiltinExecutor::run(const ToolExecutor &executor, const nlohmann::json &params,
                                            Addresses addresses)
{
    try {
        if (executor.kind == ToolExecutor::Kind::Http)
            return http(executor, params, addresses);
        return file(executor, params);
    } catch (const std::exception &e) {
        return fail(std::string("the executor failed: ") + e.what());
    }
}

Result<nlohmann::json> BuiltinExecutor::file(const ToolExecutor &executor, const nlohmann::json &params)
{
    namespace fs = std::filesystem;
    auto path = PathScope::normalize(stringParam(params, executor.pathParam));
    if (!path)
        return std::unexpected(path.error());
    auto scope = PathScope::normalize(executor.scope);
    if (!scope || !PathScope::isWithin(*path, *scope))
        return fail("the path is outside the executor's scope");
    std::error_code ec;
    const fs::path root = fs::canonical(executor.hostRoot, ec);
    if (ec)
        return fail("the executor's host directory is missing");
    const std::string relative = path->substr(scope->size());
    const fs::path target = root / fs::path(relative).relative_path();
    // The directory that holds the file must resolve inside the root: a
    // symlinked directory cannot carry the call out of the scope.
    const fs::path parent = fs::weakly_canonical(target.parent_path(), ec);
    const std::string rootText = root.string();
    if (ec || (parent.string() != rootText && !parent.string().starts_with(rootText + "/")))
        return fail("the path leaves the executor's scope");
    const fs::path resolved = parent / target.filename();

    switch (executor.kind) {
    case ToolExecutor::Kind::FileRead: {
        const int fd = ::open(resolved.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return fail(std::string("cannot read the file: ") + std::strerror(errno));
        std::string content;
        char buffer[65536];
        ssize_t n;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && content.size() < kMaxBytes)
            content.append(buffer, static_cast<std::size_t>(n));
        ::close(fd);
        const bool truncated = content.size() >= kMaxBytes;
        content.resize(std::min(content.size(), kMaxBytes));
        return nlohmann::json{{"content", content}, {"truncated", truncated}};
    }
    case ToolExecutor::Kind::FileWrite: {
        const std::string content = stringParam(params, executor.contentParam);
        if (content.size() > kMaxBytes)
            return fail("the content is larger than 1 MiB");
        const int fd = ::open(resolved.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
        if (fd < 0)
            return fail(std::string("cannot write the file: ") + std::strerror(errno));
        const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
        ::close(fd);
        if (!ok)
            return fail("the write was incomplete");
        return nlohmann::json{{"written", content.size()}};
    }
    case ToolExecutor::Kind::FileDelete:
        if (fs::is_directory(fs::symlink_status(resolved)))
            return fail("refusing to delete a directory");
        if (::unlink(resolved.c_str()) != 0)
            return fail(std::string("cannot delete the file: ") + std::strerror(errno));
        return nlohmann::json{{"deleted", *path}};
    default: return fail("not a file executor");
    }
}

Result<nlohmann::json> BuiltinExecutor::http(const ToolExecutor &executor, const nlohmann::json &params,
                                             Addresses addresses)
{
    const std::string url = stringParam(params, executor.urlParam);
    if (url.empty())
        return fail("no URL to fetch");
    CURL *c = curl_easy_init();
    if (!c)
        return fail("libcurl could not start");
    std::string body;
    const std::string content = stringParam(params, executor.contentParam);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(executor.timeoutSeconds));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CurlAddressCheck check{addresses == Addresses::InternalToo, {}};
    check.attach(c);
    if (!content.empty()) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, content.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(content.size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK && !check.refused.empty())
        return fail("the destination resolved to " + check.refused +
                    ", an internal address; the declaration does not list it in internal_destinations");
    if (rc != CURLE_OK)
        return fail(std::string("the request failed: ") + curl_easy_strerror(rc));
    return nlohmann::json{{"status", status}, {"body", body}};
}

} // namespace warden
