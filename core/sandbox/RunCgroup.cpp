#include "core/sandbox/RunCgroup.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden {

namespace {

bool writeFile(const std::string &path, const std::string &text)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::WriteOnly) &&
           f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

QByteArray readFile(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Groups left by wardens that are gone: "PID-NAME" whose PID is not alive.
void sweep(const std::string &parent)
{
    const QStringList names = QDir(QString::fromStdString(parent)).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        bool isPid = false;
        const pid_t pid = name.section(QLatin1Char('-'), 0, 0).toInt(&isPid);
        if (isPid && pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH)
            ::rmdir((parent + "/" + name.toStdString()).c_str());
    }
}

Result<std::string> makeGroup(const std::string &hierarchy, const std::string &name)
{
    const std::string parent = hierarchy + "/warden";
    if (::mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST)
        return fail(std::string("cannot create ") + parent + ": " + std::strerror(errno));
    sweep(parent);
    const std::string dir = parent + "/" + name;
    if (::mkdir(dir.c_str(), 0755) != 0)
        return fail(std::string("cannot create ") + dir + ": " + std::strerror(errno));
    return dir;
}

} // namespace

RunCgroup::RunCgroup(RunCgroup &&other) noexcept
    : m_dirs(std::move(other.m_dirs)),
      m_procs(std::move(other.m_procs)),
      m_kind(std::move(other.m_kind)),
      m_memoryDir(std::move(other.m_memoryDir))
{
    other.m_dirs.clear();
}

RunCgroup &RunCgroup::operator=(RunCgroup &&other) noexcept
{
    if (this != &other) {
        remove();
        m_dirs = std::move(other.m_dirs);
        m_procs = std::move(other.m_procs);
        m_kind = std::move(other.m_kind);
        m_memoryDir = std::move(other.m_memoryDir);
        other.m_dirs.clear();
    }
    return *this;
}

RunCgroup::~RunCgroup()
{
    remove();
}

void RunCgroup::remove()
{
    // Empty once the run's processes are gone; a group still busy is left
    // for the next warden's sweep.
    for (const auto &dir : m_dirs)
        ::rmdir(dir.c_str());
    m_dirs.clear();
}

Result<RunCgroup> RunCgroup::create(const std::string &name, std::int64_t memoryBytes, int pids)
{
    RunCgroup group;
    const std::string full = std::to_string(::getpid()) + "-" + name;
    const std::string unified = "/sys/fs/cgroup";
    const QByteArray controllers = readFile(unified + "/cgroup.controllers");
    if (controllers.contains("memory") && controllers.contains("pids")) {
        // v2: the controllers must be enabled down to our parent group.
        writeFile(unified + "/cgroup.subtree_control", "+memory +pids");
        auto dir = makeGroup(unified, full);
        if (!dir)
            return std::unexpected(dir.error());
        group.m_dirs.push_back(*dir);
        writeFile(unified + "/warden/cgroup.subtree_control", "+memory +pids");
        if (!writeFile(*dir + "/memory.max", std::to_string(memoryBytes)) ||
            !writeFile(*dir + "/pids.max", std::to_string(pids)))
            return fail("cannot set the limits of " + *dir);
        writeFile(*dir + "/memory.swap.max", "0");
        group.m_procs = {*dir + "/cgroup.procs"};
        group.m_memoryDir = *dir;
        group.m_kind = "cgroup v2";
        return group;
    }
    const std::string memory = unified + "/memory";
    const std::string pidsRoot = unified + "/pids";
    if (!QFileInfo::exists(QString::fromStdString(memory + "/cgroup.procs")) ||
        !QFileInfo::exists(QString::fromStdString(pidsRoot + "/cgroup.procs")))
        return fail("no cgroup hierarchy with the memory and pids controllers");
    auto memoryDir = makeGroup(memory, full);
    if (!memoryDir)
        return std::unexpected(memoryDir.error());
    group.m_dirs.push_back(*memoryDir);
    auto pidsDir = makeGroup(pidsRoot, full);
    if (!pidsDir)
        return std::unexpected(pidsDir.error());
    group.m_dirs.push_back(*pidsDir);
    if (!writeFile(*memoryDir + "/memory.limit_in_bytes", std::to_string(memoryBytes)) ||
        !writeFile(*pidsDir + "/pids.max", std::to_string(pids)))
        return fail("cannot set the limits of the run's cgroups");
    writeFile(*memoryDir + "/memory.memsw.limit_in_bytes", std::to_string(memoryBytes)); // where swap accounting exists
    group.m_procs = {*memoryDir + "/cgroup.procs", *pidsDir + "/cgroup.procs"};
    group.m_memoryDir = *memoryDir;
    group.m_kind = "cgroup v1";
    return group;
}

bool RunCgroup::oomKilled() const
{
    if (m_memoryDir.empty())
        return false;
    const QByteArray events =
        readFile(m_memoryDir + (m_kind == "cgroup v2" ? "/memory.events" : "/memory.oom_control"));
    for (const QByteArray &line : events.split('\n'))
        if (line.startsWith("oom_kill ") && line.mid(9).trimmed().toLongLong() > 0)
            return true;
    return false;
}

} // namespace warden
