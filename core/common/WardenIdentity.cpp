#include "core/common/WardenIdentity.h"

#include <QFile>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <signal.h>
#include <unistd.h>
#include <vector>

namespace warden {

namespace {

std::string firstLine(const char *path)
{
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readLine(128).trimmed().toStdString();
}

bool isToken(std::string_view s)
{
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
            return false;
    return true;
}

// /etc/machine-id, or the host name where a minimal root has none.
std::string machineId()
{
    std::string id = firstLine("/etc/machine-id");
    if (id.empty()) {
        char name[65] = {};
        if (::gethostname(name, sizeof name - 1) == 0)
            id = name;
    }
    std::string token;
    for (char c : id)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-')
            token += c;
    return token.substr(0, 64);
}

} // namespace

std::string WardenIdentity::startTicks(long pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = file.read(4096);
    // The command name may hold spaces and parentheses: fields count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // Field 22 (starttime) is the 20th after the name.
    return fields.size() > 19 ? fields[19].toStdString() : std::string();
}

std::string WardenIdentity::self()
{
    return machineId() + ":" + firstLine("/proc/sys/kernel/random/boot_id") + ":" + std::to_string(::getpid()) + ":" +
           startTicks(::getpid());
}

WardenIdentity::Owner WardenIdentity::owner(std::string_view identity)
{
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto colon = identity.find(':', start);
        parts.push_back(identity.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos)
            break;
        start = colon + 1;
    }
    if (parts.size() != 4 || !isToken(parts[0]) || !isToken(parts[1]) || !isToken(parts[3]))
        return Owner::Gone;
    long pid = 0;
    const auto [end, ec] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), pid);
    if (ec != std::errc() || end != parts[2].data() + parts[2].size() || pid <= 1)
        return Owner::Gone;
    if (parts[0] != machineId())
        return Owner::Elsewhere;
    if (parts[1] != firstLine("/proc/sys/kernel/random/boot_id"))
        return Owner::Gone;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return Owner::Gone;
    const std::string ticks = startTicks(pid);
    // A process we may not signal is still running; one whose start time
    // differs is another process under a reused pid.
    return ticks.empty() || ticks == parts[3] ? Owner::Alive : Owner::Gone;
}

} // namespace warden
