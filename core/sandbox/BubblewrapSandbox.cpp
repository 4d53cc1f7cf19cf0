#include "sandbox/BubblewrapSandbox.h"

#include <QFile>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

namespace warden {

namespace {
constexpr int kInfoFd = 3;
} // namespace

BubblewrapSandbox::BubblewrapSandbox(QObject *parent)
    : Sandbox(parent), m_process(new QProcess(this)), m_wallClock(new QTimer(this))
{
    m_wallClock->setSingleShot(true);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, &BubblewrapSandbox::readOutput);
    connect(m_wallClock, &QTimer::timeout, this, [this] { kill(tr("wall-clock limit reached")); });
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
        if (!m_killReason.isEmpty())
            Q_EMIT ended(End::Killed, code, m_killReason);
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

QStringList BubblewrapSandbox::arguments(const SandboxSpec &spec, int infoFd)
{
    QStringList a;
    auto s = [](const std::string &v) { return QString::fromStdString(v); };
    a << QStringLiteral("--unshare-all") << QStringLiteral("--die-with-parent") << QStringLiteral("--new-session")
      << QStringLiteral("--cap-drop") << QStringLiteral("ALL") << QStringLiteral("--clearenv")
      << QStringLiteral("--hostname") << QStringLiteral("sandbox")
      << QStringLiteral("--uid") << QString::number(spec.uid) << QStringLiteral("--gid") << QString::number(spec.gid)
      << QStringLiteral("--ro-bind") << s(spec.image) << QStringLiteral("/")
      << QStringLiteral("--proc") << QStringLiteral("/proc") << QStringLiteral("--dev") << QStringLiteral("/dev")
      // --size sizes only the next --tmpfs: each one gets its own, or /run
      // could take half the host's memory.
      << QStringLiteral("--size") << QString::number(static_cast<qint64>(spec.tmpfsMb) * 1024 * 1024)
      << QStringLiteral("--tmpfs") << QStringLiteral("/tmp")
      << QStringLiteral("--size") << QString::number(static_cast<qint64>(spec.tmpfsMb) * 1024 * 1024)
      << QStringLiteral("--tmpfs") << QStringLiteral("/run");
    for (const auto &b : spec.binds)
        a << (b.writable ? QStringLiteral("--bind") : QStringLiteral("--ro-bind")) << s(b.hostPath) << s(b.sandboxPath);
    for (const auto &[k, v] : spec.env)
        a << QStringLiteral("--setenv") << s(k) << s(v);
    a << QStringLiteral("--chdir") << s(spec.workdir);
    if (infoFd >= 0)
        a << QStringLiteral("--info-fd") << QString::number(infoFd);
    a << QStringLiteral("--");
    for (const auto &arg : spec.argv)
        a << s(arg);
    return a;
}

namespace {

// Runs in the child between fork and exec: only async-signal-safe calls.
std::function<void()> childSetup(const SandboxSpec &spec, int infoWrite)
{
    const bool dropRoot = ::getuid() == 0;
    const rlim_t pids = static_cast<rlim_t>(spec.pids);
    const rlim_t memory = static_cast<rlim_t>(spec.memoryMb) * 1024 * 1024;
    const uid_t uid = static_cast<uid_t>(spec.uid);
    const gid_t gid = static_cast<gid_t>(spec.gid);
    return [=] {
        if (infoWrite >= 0)
            ::dup2(infoWrite, kInfoFd); // dup2 clears O_CLOEXEC on the copy
        if (dropRoot) {
            ::setgroups(0, nullptr);
            if (::setgid(gid) != 0 || ::setuid(uid) != 0)
                ::_exit(126);
        }
        struct rlimit r {};
        r.rlim_cur = r.rlim_max = pids;
        ::setrlimit(RLIMIT_NPROC, &r);
        r.rlim_cur = r.rlim_max = memory;
        ::setrlimit(RLIMIT_AS, &r);
        r.rlim_cur = r.rlim_max = 0;
        ::setrlimit(RLIMIT_CORE, &r);
    };
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

void BubblewrapSandbox::configure(QProcess *process, const SandboxSpec &spec)
{
    process->setChildProcessModifier(childSetup(spec, -1));
    process->setProgram(QStringLiteral("bwrap"));
    process->setArguments(arguments(effectiveSpec(spec), -1));
    process->setProcessEnvironment(QProcessEnvironment());
}

void BubblewrapSandbox::start(const SandboxSpec &spec)
{
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        Q_EMIT ended(End::Failed, -1, tr("cannot create the info pipe"));
        return;
    }
    m_infoRead = pipeFds[0];
    const int infoWrite = pipeFds[1];
    m_process->setChildProcessModifier(childSetup(spec, infoWrite));
    m_process->setProgram(QStringLiteral("bwrap"));
    m_process->setArguments(arguments(effectiveSpec(spec), kInfoFd));
    m_process->setProcessEnvironment(QProcessEnvironment());
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
        const bool complete = info.is_object() && info.contains("child-pid") && info.at("child-pid").is_number_integer();
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
    const QList<qint64> procs = sandboxedProcesses(childPid);
    if (procs.isEmpty() && m_hardeningTries++ < 100 && m_process->state() == QProcess::Running) {
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
        const bool hardened = capEff == "0000000000000000" && capBnd == "0000000000000000" && noNewPrivs == "1" &&
                              hostUid != "0";
        ok = ok && hardened;
        processes.push_back({{"pid", pid},
                             {"capabilities_effective", capEff.toStdString()},
                             {"capabilities_bounding", capBnd.toStdString()},
                             {"no_new_privileges", noNewPrivs == "1"},
                             {"host_uid", hostUid.toStdString()}});
    }
    m_hardening = {{"own_network_namespace", ownNet}, {"own_pid_namespace", ownPid}, {"processes", processes},
                   {"checked", !procs.isEmpty()}, {"ok", ok}};
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
