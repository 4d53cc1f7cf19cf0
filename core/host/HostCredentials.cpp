#include "core/host/HostCredentials.h"

#include "core/common/TextFile.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden {

namespace {

constexpr std::size_t kMaxPeople = 1000;

bool validName(std::string_view name)
{
    if (name.empty() || name.size() > 64)
        return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '@'))
            return false;
    return true;
}

bool hexDigest(std::string_view text)
{
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Result<nlohmann::json> readFile(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail(std::string("cannot read the credentials file: ") + std::strerror(errno), {}, 0, path);
    if ((st.st_mode & 077) != 0)
        return fail("the credentials file is readable by others (chmod 600 it)", {}, 0, path);
    auto text = readTextFile(path, 1024 * 1024);
    if (!text)
        return std::unexpected(text.error());
    auto doc = WireJson::parse(*text);
    if (!doc)
        return fail(doc.error().message, doc.error().field, 0, path);
    return *doc;
}

Result<std::vector<HostCredential>> peopleOf(const nlohmann::json &doc, const std::string &path)
{
    if (!doc.is_object())
        return fail("must be a JSON object", "/", 0, path);
    if (auto ok = JsonLookup::onlyKnownFields(doc, {"warden_credentials", "people"}); !ok)
        return fail(ok.error().message, ok.error().field, 0, path);
    const auto version = doc.find("warden_credentials");
    if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1)
        return fail("must be 1", "/warden_credentials", 0, path);
    const auto people = doc.find("people");
    if (people == doc.end() || !people->is_object())
        return fail("must be an object mapping names to {role, token_sha256}", "/people", 0, path);
    if (people->size() > kMaxPeople)
        return fail("more than 1000 people", "/people", 0, path);
    std::vector<HostCredential> out;
    for (const auto &[name, entry] : people->items()) {
        const std::string field = "/people/" + name;
        if (!validName(name))
            return fail("a name is 1 to 64 letters, digits, '.', '_', '-' or '@'", field, 0, path);
        if (!entry.is_object())
            return fail("must be an object", field, 0, path);
        if (auto ok = JsonLookup::onlyKnownFields(entry, {"role", "token_sha256"}); !ok)
            return fail(ok.error().message, field + ok.error().field, 0, path);
        auto role = JsonLookup::requiredString(entry, "role", 16);
        auto hash = JsonLookup::requiredString(entry, "token_sha256", 64);
        if (!role)
            return fail(role.error().message, field + "/role", 0, path);
        const auto parsed = hostRoleFromName(*role);
        if (!parsed)
            return fail("must be viewer, reviewer, launcher or admin", field + "/role", 0, path);
        if (!hash || !hexDigest(*hash))
            return fail("must be 64 lower-case hex digits (SHA-256 of the token)", field + "/token_sha256", 0, path);
        out.push_back({name, *parsed, *hash});
    }
    return out;
}

Result<std::vector<HostCredential>> readPeople(const std::string &path)
{
    auto doc = readFile(path);
    if (!doc)
        return std::unexpected(doc.error());
    return peopleOf(*doc, path);
}

Result<void> writeFile(const std::string &path, const std::vector<HostCredential> &people)
{
    nlohmann::json entries = nlohmann::json::object();
    for (const auto &p : people)
        entries[p.name] = {{"role", hostRoleName(p.role)}, {"token_sha256", p.tokenSha256}};
    const std::string text = nlohmann::json{{"warden_credentials", 1}, {"people", entries}}.dump(2) + "\n";
    std::string tmp = path + ".XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0)
        return fail(std::string("cannot write the credentials file: ") + std::strerror(errno), {}, 0, path);
    const bool ok = ::fchmod(fd, 0600) == 0 &&
                    ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return fail(std::string("cannot write the credentials file: ") + std::strerror(errno), {}, 0, path);
    }
    return {};
}

} // namespace

const char *hostRoleName(HostRole role)
{
    switch (role) {
    case HostRole::Viewer: return "viewer";
    case HostRole::Reviewer: return "reviewer";
    case HostRole::Launcher: return "launcher";
    case HostRole::Admin: return "admin";
    }
    return "viewer";
}

std::optional<HostRole> hostRoleFromName(std::string_view name)
{
    for (HostRole r : {HostRole::Viewer, HostRole::Reviewer, HostRole::Launcher, HostRole::Admin})
        if (name == hostRoleName(r))
            return r;
    return std::nullopt;
}

bool mayDecide(HostRole role)
{
    return role == HostRole::Reviewer || role == HostRole::Admin;
}

bool mayLaunch(HostRole role)
{
    return role == HostRole::Launcher || role == HostRole::Admin;
}

std::string HostCredentials::sha256Hex(std::string_view text)
{
    return QCryptographicHash::hash(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

Result<HostCredentials> HostCredentials::load(const std::string &path)
{
    auto people = readPeople(path);
    if (!people)
        return std::unexpected(people.error());
    if (people->empty())
        return fail("names nobody: no one could connect", "/people", 0, path);
    HostCredentials c;
    c.m_people = std::move(*people);
    return c;
}

HostCredentials HostCredentials::sharedToken(const std::string &token)
{
    HostCredentials c;
    c.m_people = {{"token", HostRole::Admin, sha256Hex(token)}};
    c.m_shared = true;
    return c;
}

std::optional<HostCredential> HostCredentials::match(std::string_view token) const
{
    const std::string presented = sha256Hex(token);
    std::optional<HostCredential> found;
    for (const auto &p : m_people) // no early exit: every entry costs the same
        if (CRYPTO_memcmp(presented.data(), p.tokenSha256.data(), 64) == 0 && !found)
            found = p;
    return found;
}

Result<std::string> HostCredentials::add(const std::string &path, const std::string &name, HostRole role)
{
    if (!validName(name))
        return fail("a name is 1 to 64 letters, digits, '.', '_', '-' or '@'", "name");
    std::vector<HostCredential> people;
    if (::access(path.c_str(), F_OK) == 0) {
        auto existing = readPeople(path);
        if (!existing)
            return std::unexpected(existing.error());
        people = std::move(*existing);
    }
    std::erase_if(people, [&](const HostCredential &p) { return p.name == name; });
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string token = "wdn_";
    for (int i = 0; i < 40; ++i)
        token += alphabet[QRandomGenerator::system()->bounded(static_cast<int>(sizeof alphabet - 1))];
    people.push_back({name, role, sha256Hex(token)});
    if (auto ok = writeFile(path, people); !ok)
        return std::unexpected(ok.error());
    return token;
}

Result<void> HostCredentials::remove(const std::string &path, const std::string &name)
{
    auto people = readPeople(path);
    if (!people)
        return std::unexpected(people.error());
    if (std::erase_if(*people, [&](const HostCredential &p) { return p.name == name; }) == 0)
        return fail("no such person in the credentials file", "name", 0, path);
    return writeFile(path, *people);
}

} // namespace warden
