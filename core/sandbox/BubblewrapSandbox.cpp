#include "core/sandbox/BubblewrapSandbox.h"

#include "core/sandbox/BindPolicy.h"
#include "core/sandbox/RunCgroup.h"
#include "core/sandbox/SeccompFilter.h"

#include <QFile>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <array>
#include <fcntl.h>
#include <filesystem>
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden {

namespace {
// Descriptors bwrap reads, at fixed numbers in the child.
constexpr int kInfoFd = 3;    // bwrap writes {"child-pid": N}
constexpr int kArgsFd = 4;    // every argument, NUL-separated (--args)
constexpr int kSeccompFd = 5; // the seccomp program (--seccomp)

// An in-memory file holding `bytes`, close-on-exec so that only
// the one child that dup2()s it inherits it; -1 on failure.
int memoryFile(const char *name, const QByteArray &bytes)
{
    const int fd = ::memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n <= 0) {
            ::close(fd);
            return -1;
        }
        done += n;
    }
    ::lseek(fd, 0, SEEK_SET);
    return fd;
}

// Closes the parent's copies when the process object goes.
class DescriptorKeeper : public QObject {
public:
    DescriptorKeeper(QObject *parent, std::vector<int> fds) : QObject(parent), m_fds(std::move(fds)) {}
    ~DescriptorKeeper() override
    {
        for (int fd : m_fds)
            if (fd >= 0)
                ::close(fd);
    }

private:
    std::vector<int> m_fds;
};
} // namespace

BubblewrapSandbox::BubblewrapSandbox(QObject *parent)
    : Sandbox(parent), m_process(new QProcess(this)), m_wallClock(new QTimer(this))
{
    m_wallClock->setSingleShot(true);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // Headless: the agent reads an empty input, never a pipe nobody writes
    // (a CLI that reads its prompt from a pipe would wait for it forever).
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyRead, this, &BubblewrapSandbox::readOutput);
    connect(m_wallClock, &QTimer::timeout, this, [this] {
        m_limitHit = QStringLiteral("wall clock");
        kill(tr("wall-clock limit reached"));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            Q_EMIT ended(End::Failed, -1, tr("cannot start bwrap: %1").arg(m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_wallClock->stop();
        readOutput();
        if (!m_partial.isEmpty())
            Q_EMIT outputLine(QString::fromUtf8(m_partial));
        m_partial.clear();
        if (m_infoRead >= 0) {
            ::close(m_infoRead);
            m_infoRead = -1;
        }
        const bool oom = m_cgroup && m_cgroup->oomKilled();
        m_cgroup.reset(); // its processes are gone with bwrap's pid namespace
        if (oom && m_killReason.isEmpty())
            m_limitHit = QStringLiteral("memory");
        if (!m_killReason.isEmpty())
            Q_EMIT ended(End::Killed, code, m_killReason);
        else if (oom)
            Q_EMIT ended(End::Failed, code,
                         tr("a process was killed for memory (the run's limit is %1 MiB)").arg(m_memoryMb));
        else if (status == QProcess::CrashExit)
            Q_EMIT ended(End::Failed, code, tr("the sandbox crashed"));
        else
            Q_EMIT ended(code == 0 ? End::Finished : End::Failed, code,
                         code == 0 ? tr("exited normally") : tr("exited with status %1").arg(code));
    });
}

BubblewrapSandbox::~BubblewrapSandbox()
{
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    if (m_infoRead >= 0)
        ::close(m_infoRead);
}

QString BubblewrapSandbox::description() const
{
    return tr("bubblewrap (Linux namespaces)");
}

QStringList BubblewrapSandbox::assembledRootArguments(const std::string &image)
{
    // bubblewrap's own root is an empty tmpfs: the image's entries go on it
    // one by one, and what the image lacks bwrap can then make.
    QStringList a;
    std::error_code error;
    for (const auto &entry : std::filesystem::directory_iterator(image, error)) {
        const auto name = entry.path().filename().string();
        // Made fresh by the mounts that follow.
        if (name == "proc" || name == "dev" || name == "tmp" || name == "run")
            continue;
        const QString at = QStringLiteral("/") + QString::fromStdString(name);
        std::error_code linkError;
        if (entry.is_symlink(linkError)) {
            const auto target = std::filesystem::read_symlink(entry.path(), linkError);
            if (!linkError)
                a << QStringLiteral("--symlink") << QString::fromStdString(target.string()) << at;
        } else
            a << QStringLiteral("--ro-bind") << QString::fromStdString(entry.path().string()) << at;
    }
    return a;
}

QStringList BubblewrapSandbox::arguments(const SandboxSpec &spec, int infoFd)
{
    QStringList a;
    auto s = [](const std::string &v) { return QString::fromStdString(v); };
    a << QStringLiteral("--unshare-all") << QStringLiteral("--unshare-user") << QStringLiteral("--disable-userns")
      << QStringLiteral("--die-with-parent") << QStringLiteral("--new-session") << QStringLiteral("--cap-drop")
      << QStringLiteral("ALL") << QStringLiteral("--clearenv") << QStringLiteral("--hostname")
      << QStringLiteral("sandbox") << QStringLiteral("--uid") << QString::number(spec.uid) << QStringLiteral("--gid")
      << QString::number(spec.gid);
    if (spec.assembledRoot)
        a << assembledRootArguments(spec.image);
    else
        a << QStringLiteral("--ro-bind") << s(spec.image) << QStringLiteral("/");
    a << QStringLiteral("--proc") << QStringLiteral("/proc") << QStringLiteral("--dev")
      << QStringLiteral("/dev")
      // --size sizes only the next --tmpfs: each one gets its own, or /run
      // could take half the host's memory.
      << QStringLiteral("--size") << QString::number(static_cast<qint64>(spec.tmpfsMb) * 1024 * 1024)
      << QStringLiteral("--tmpfs") << QStringLiteral("/tmp") << QStringLiteral("--size")
      << QString::number(static_cast<qint64>(spec.tmpfsMb) * 1024 * 1024) << QStringLiteral("--tmpfs")
      << QStringLiteral("/run");
    for (const auto &dir : spec.mountPoints)
        a << QStringLiteral("--size") << QString::number(1024 * 1024) << QStringLiteral("--tmpfs") << s(dir);
    for (const auto &b : spec.binds)
        a << (b.writable ? QStringLiteral("--bind") : QStringLiteral("--ro-bind")) << s(b.hostPath) << s(b.sandboxPath);
    if (spec.assembledRoot)
        a << QStringLiteral("--remount-ro") << QStringLiteral("/");
    for (const auto &[k, v] : spec.env)
        a << QStringLiteral("--setenv") << s(k) << s(v);
    a << QStringLiteral("--chdir") << s(spec.workdir);
    if (infoFd >= 0)
        a << QStringLiteral("--info-fd") << QString::number(infoFd);
    a << QStringLiteral("--seccomp") << QString::number(kSeccompFd);
    // Supervised, warden-init is PID 1 itself: bubblewrap's reaper would be
    // a process in the sandbox, dumpable and unsupervised, that the agent
    // could write code into through /proc/1/mem.
    if (spec.supervised)
        a << QStringLiteral("--as-pid-1");
    a << QStringLiteral("--");
    for (const auto &arg : spec.argv)
        a << s(arg);
    return a;
}

namespace {

// Runs in the child between fork and exec: only async-signal-safe calls.
// `fds` are the parent's descriptors for kInfoFd, kArgsFd and kSeccompFd.
std::function<void()> childSetup(const SandboxSpec &spec, std::array<int, 3> fds,
                                 const std::vector<std::string> &cgroupProcs)
{
    const bool dropRoot = ::getuid() == 0;
    const rlim_t pids = static_cast<rlim_t>(spec.pids);
    const rlim_t memory = static_cast<rlim_t>(spec.memoryMb) * 1024 * 1024;
    const uid_t uid = static_cast<uid_t>(spec.uid);
    const gid_t gid = static_cast<gid_t>(spec.gid);
    const bool inCgroup = !cgroupProcs.empty();
    return [=] {
        // First out of the way (a source could sit on a target number), then
        // into place; dup2 clears O_CLOEXEC on the copy.
        std::array<int, 3> high{};
        for (std::size_t i = 0; i < fds.size(); ++i)
            high[i] = fds[i] < 0 ? -1 : ::fcntl(fds[i], F_DUPFD_CLOEXEC, 64);
        const std::array<int, 3> targets{kInfoFd, kArgsFd, kSeccompFd};
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (high[i] >= 0 && ::dup2(high[i], targets[i]) < 0)
                ::_exit(126);
        // Join the run's cgroups while still root; "0" means the writer.
        for (const auto &procs : cgroupProcs) {
            const int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0 || ::write(fd, "0", 1) != 1)
                ::_exit(126);
            ::close(fd);
        }
        if (dropRoot) {
            ::setgroups(0, nullptr);
            if (::setgid(gid) != 0 || ::setuid(uid) != 0)
                ::_exit(126);
        }
        struct rlimit r {};
        r.rlim_cur = r.rlim_max = pids;
        ::setrlimit(RLIMIT_NPROC, &r);
        // Address space only where no cgroup bounds the run's memory: it
        // is not memory in use, and V8 (Node agents, MCP servers) reserves
        // a gigabyte of it before it runs a line.
        if (!inCgroup) {
            r.rlim_cur = r.rlim_max = memory;
            ::setrlimit(RLIMIT_AS, &r);
        }
        r.rlim_cur = r.rlim_max = 0;
        ::setrlimit(RLIMIT_CORE, &r);
    };
}

// The arguments travel in a memory file, not on bwrap's command line: the
// environment (canaries included) would otherwise sit in a world-readable
// /proc/PID/cmdline.
bool prepare(QProcess *process, const SandboxSpec &spec, int infoWrite,
             const std::vector<std::string> &cgroupProcs = {})
{
    // Options go through the file; bwrap reads the command itself from its
    // real command line only (a "--" inside --args ends just that file).
    const QStringList all = BubblewrapSandbox::arguments(spec, infoWrite >= 0 ? kInfoFd : -1);
    const qsizetype dashes = all.indexOf(QStringLiteral("--"));
    QByteArray packed;
    for (const QString &arg : all.mid(0, dashes))
        packed += arg.toUtf8() + '\0';
    const int argsFd = memoryFile("warden-bwrap-args", packed);
    const int seccompFd = memoryFile("warden-seccomp", SeccompFilter::denyList(spec.supervised));
    new DescriptorKeeper(process, {argsFd, seccompFd});
    if (argsFd < 0 || seccompFd < 0)
        return false;
    process->setChildProcessModifier(childSetup(spec, {infoWrite, argsFd, seccompFd}, cgroupProcs));
    process->setProgram(QStringLiteral("bwrap"));
    process->setArguments(QStringList{QStringLiteral("--args"), QString::number(kArgsFd)} + all.mid(dashes));
    process->setProcessEnvironment(QProcessEnvironment());
    return true;
}

// bwrap's own uid mapping targets the unprivileged uid it runs as.
SandboxSpec effectiveSpec(const SandboxSpec &spec)
{
    SandboxSpec inner = spec;
    if (::getuid() != 0) {
        inner.uid = static_cast<int>(::getuid());
        inner.gid = static_cast<int>(::getgid());
    }
    return inner;
}

} // namespace

Result<void> BubblewrapSandbox::configure(QProcess *process, const SandboxSpec &spec)
{
    // Every sandbox's binds are checked, not only a run's (an MCP server's
    // data directory was mounted unchecked).
    if (auto ok = BindPolicy::checkBinds(spec); !ok)
        return ok;
    if (!prepare(process, effectiveSpec(spec), -1))
        return fail("cannot set up the sandbox");
    return {};
}

void BubblewrapSandbox::start(const SandboxSpec &spec)
{
    if (auto ok = BindPolicy::checkBinds(spec); !ok) {
        Q_EMIT ended(End::Failed, -1, QString::fromStdString(ok.error().message));
        return;
    }
    m_supervised = spec.supervised;
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        Q_EMIT ended(End::Failed, -1, tr("cannot create the info pipe"));
        return;
    }
    m_infoRead = pipeFds[0];
    const int infoWrite = pipeFds[1];
    // Limits for the run as a whole where the machine lets us; rlimits
    // (per process, per uid) otherwise, and the hardening record says which.
    m_memoryMb = spec.memoryMb;
    auto cgroup = RunCgroup::create(spec.runId.empty() ? std::string("run") : spec.runId.substr(0, 8),
                                    static_cast<std::int64_t>(spec.memoryMb) * 1024 * 1024, spec.pids + 2);
    std::vector<std::string> procs;
    if (cgroup) {
        m_limits = cgroup->describe() + ": memory " + std::to_string(spec.memoryMb) + " MiB and " +
                   std::to_string(spec.pids) + " processes for the whole run";
        procs = cgroup->procsFiles();
        m_cgroup.emplace(std::move(*cgroup));
    } else {
        m_limits = "rlimits only (" + cgroup.error().message + "): memory per process, processes per uid";
    }
    if (!prepare(m_process, effectiveSpec(spec), infoWrite, procs)) {
        ::close(infoWrite);
        Q_EMIT ended(End::Failed, -1, tr("cannot prepare the sandbox's arguments and seccomp filter"));
        return;
    }
    m_process->start();
    ::close(infoWrite);
    if (spec.wallSeconds > 0)
        m_wallClock->start(spec.wallSeconds * 1000);

    // bwrap writes {"child-pid": N} to the info fd once the sandbox exists;
    // collect it whole (it may arrive in pieces) before checking.
    auto *notifier = new QSocketNotifier(m_infoRead, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, notifier] {
        char buffer[512];
        const ssize_t n = ::read(m_infoRead, buffer, sizeof buffer);
        if (n > 0)
            m_info.append(buffer, static_cast<qsizetype>(n));
        auto info = nlohmann::json::parse(m_info.toStdString(), nullptr, false);
        const bool complete =
            info.is_object() && info.contains("child-pid") && info.at("child-pid").is_number_integer();
        if (!complete && n > 0 && m_info.size() < 4096)
            return; // more to come
        notifier->setEnabled(false);
        notifier->deleteLater();
        if (complete)
            checkHardening(info.at("child-pid").get<qint64>());
        else if (n < 0 || !m_info.isEmpty())
            kill(tr("bwrap did not report its child"));
        // n == 0 with nothing read: bwrap failed before launching; finished() reports it
    });
}

namespace {

QByteArray statusField(const QByteArray &status, const char *name)
{
    for (const QByteArray &line : status.split('\n'))
        if (line.startsWith(name))
            return line.mid(qsizetype(qstrlen(name))).trimmed();
    return {};
}

// The processes below `pid` (bwrap's pid-1 reaper) that are not bwrap itself:
// the agent's command and whatever it started.
QList<qint64> sandboxedProcesses(qint64 pid, int depth = 0)
{
    QList<qint64> out;
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    if (depth > 8 || !children.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &child : children.readAll().split(' ')) {
        const qint64 c = child.trimmed().toLongLong();
        if (c <= 0)
            continue;
        QFile comm(QStringLiteral("/proc/%1/comm").arg(c));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() != "bwrap")
            out << c;
        out << sandboxedProcesses(c, depth + 1);
    }
    return out;
}

} // namespace

void BubblewrapSandbox::checkHardening(qint64 childPid)
{
    // bwrap reports its reaper; the agent's process appears just after. Look
    // for it for up to two seconds, then judge what is there.
    QList<qint64> procs = sandboxedProcesses(childPid);
    // Under --as-pid-1 bwrap's child is the sandbox's own first process. It
    // is there from the first instant, and makes itself non-dumpable a
    // moment after its exec: it is judged once its own child (the agent's
    // process, forked after that) is there too.
    qsizetype needed = 1;
    if (QFile comm(QStringLiteral("/proc/%1/comm").arg(childPid));
        comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() != "bwrap") {
        procs.prepend(childPid);
        needed = 2;
    }
    if (procs.size() < needed && m_hardeningTries++ < 100 && m_process->state() == QProcess::Running) {
        QTimer::singleShot(20, this, [this, childPid] { checkHardening(childPid); });
        return;
    }
    const bool ownNet = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(childPid)) !=
                        QFile::symLinkTarget(QStringLiteral("/proc/self/ns/net"));
    const bool ownPid = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/pid").arg(childPid)) !=
                        QFile::symLinkTarget(QStringLiteral("/proc/self/ns/pid"));
    nlohmann::json processes = nlohmann::json::array();
    bool ok = ownNet && ownPid;
    for (qint64 pid : procs) {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = status.readAll();
        const QByteArray capEff = statusField(text, "CapEff:");
        const QByteArray capBnd = statusField(text, "CapBnd:");
        const QByteArray noNewPrivs = statusField(text, "NoNewPrivs:");
        const QByteArray hostUid = statusField(text, "Uid:").split('\t').value(0);
        const QByteArray seccomp = statusField(text, "Seccomp:");
        // Supervised, no process may be both unsupervised and reachable: each
        // carries the notification filter over the outer one, or is not
        // dumpable (its /proc files then belong to root, not to its user).
        const bool notified = statusField(text, "Seccomp_filters:").toInt() >= 2;
        struct stat mem {};
        const bool untraceable =
            ::stat(QStringLiteral("/proc/%1/mem").arg(pid).toLocal8Bit().constData(), &mem) == 0 && mem.st_uid == 0;
        const bool reachableOnlySupervised = !m_supervised || notified || untraceable;
        const bool hardened = capEff == "0000000000000000" && capBnd == "0000000000000000" && noNewPrivs == "1" &&
                              hostUid != "0" && seccomp == "2" && reachableOnlySupervised;
        ok = ok && hardened;
        processes.push_back({{"pid", pid},
                             {"capabilities_effective", capEff.toStdString()},
                             {"capabilities_bounding", capBnd.toStdString()},
                             {"no_new_privileges", noNewPrivs == "1"},
                             {"seccomp_filter", seccomp == "2"},
                             {"supervised_or_untraceable", reachableOnlySupervised},
                             {"host_uid", hostUid.toStdString()}});
    }
    // Nothing to look at is not a pass: a check that saw no process proves
    // nothing, so the run is not announced as running.
    ok = ok && !processes.empty();
    m_hardening = {{"own_network_namespace", ownNet},
                   {"own_pid_namespace", ownPid},
                   {"processes", processes},
                   {"checked", !processes.empty()},
                   {"ok", ok},
                   {"seccomp_instructions", SeccompFilter::instructionCount(m_supervised)},
                   {"syscall_supervision", m_supervised},
                   {"user_namespaces", "disabled"},
                   {"limits", m_limits}};
    if (processes.empty() && m_process->state() != QProcess::Running) {
        m_hardening["reason"] = "the sandboxed command ended before it could be checked";
        return; // finished() reports the end; the run never counted as hardened
    }
    if (!ok) {
        kill(tr("hardening check failed: %1").arg(QString::fromStdString(m_hardening.dump())));
        return;
    }
    if (!m_announced) {
        m_announced = true;
        Q_EMIT started();
    }
}

void BubblewrapSandbox::kill(const QString &why)
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    if (m_killReason.isEmpty())
        m_killReason = why;
    m_process->kill();
}

void BubblewrapSandbox::readOutput()
{
    m_partial += m_process->readAll();
    qsizetype nl;
    while ((nl = m_partial.indexOf('\n')) >= 0) {
        Q_EMIT outputLine(QString::fromUtf8(m_partial.left(nl)));
        m_partial.remove(0, nl + 1);
    }
    if (m_partial.size() > 64 * 1024) { // a line without end: flush it in pieces
        Q_EMIT outputLine(QString::fromUtf8(m_partial));
        m_partial.clear();
    }
}

} // namespace warden
