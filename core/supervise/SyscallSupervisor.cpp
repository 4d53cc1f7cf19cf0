#include "core/supervise/SyscallSupervisor.h"
#include "core/common/SandboxContract.h"

#include "core/supervise/TraceeMemory.h"

#include <QFile>
#include <QMetaObject>
#include <QSocketNotifier>

#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

namespace warden {

namespace {

constexpr const auto &kHello = contract::kSupervisorHello;

// The kernel's notification records may be larger than this build's
// headers say: ask once.
seccomp_notif_sizes notifSizes()
{
    seccomp_notif_sizes sizes{};
    if (::syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
        sizes.seccomp_notif = sizeof(seccomp_notif);
        sizes.seccomp_notif_resp = sizeof(seccomp_notif_resp);
    }
    sizes.seccomp_notif = std::max<std::uint16_t>(sizes.seccomp_notif, sizeof(seccomp_notif));
    sizes.seccomp_notif_resp = std::max<std::uint16_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp));
    return sizes;
}

// Whether an absolute `path` names nothing in the process's own view of the
// filesystem. Resolved inside its root (RESOLVE_IN_ROOT), so a symlink in
// the sandbox cannot make the warden look at the host's files.
bool missingInSandbox(int pid, const std::string &path)
{
    if (path.empty() || path.front() != '/')
        return false;
    const std::string root = "/proc/" + std::to_string(pid) + "/root";
    const int rootFd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootFd < 0)
        return false;
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(__NR_openat2, rootFd, path.c_str(), &how, sizeof(how));
    const bool missing = fd < 0 && (errno == ENOENT || errno == ENOTDIR);
    if (fd >= 0)
        ::close(static_cast<int>(fd));
    ::close(rootFd);
    return missing;
}

// Whether a program that is missing at `path` is there under another of
// the usual PATH directories: a PATH search is then on its way to it, and
// this miss is a step, not an attempt of its own.
bool foundFurtherOnPath(int pid, const std::string &path)
{
    const std::string name = path.substr(path.rfind('/') + 1);
    if (name.empty())
        return false;
    for (const char *dir : {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
        const std::string candidate = std::string(dir) + "/" + name;
        if (candidate != path && !missingInSandbox(pid, candidate))
            return true;
    }
    return false;
}

// A field of /proc/PID/status: its last number (NSpid's is the process's
// number in its own PID namespace).
std::optional<long> statusNumber(long pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field)) {
            bool ok = false;
            const long n = line.mid(qsizetype(qstrlen(field))).trimmed().split('\t').last().trimmed().toLong(&ok);
            return ok ? std::optional<long>(n) : std::nullopt;
        }
    return std::nullopt;
}

} // namespace

SyscallSupervisor::SyscallSupervisor(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<warden::SyscallNotice>();
}

SyscallSupervisor::~SyscallSupervisor()
{
    stop();
    if (m_server >= 0)
        ::close(m_server);
}

Result<void> SyscallSupervisor::listen(const QString &socketPath)
{
    m_path = socketPath;
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (static_cast<std::size_t>(path.size()) >= sizeof(addr.sun_path))
        return fail("the supervisor socket's path is too long", {}, 0, socketPath.toStdString());
    std::memcpy(addr.sun_path, path.constData(), static_cast<std::size_t>(path.size()) + 1);
    m_server = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_server < 0 || ::bind(m_server, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0 ||
        ::listen(m_server, 4) != 0)
        return fail(std::string("cannot listen on the supervisor socket: ") + std::strerror(errno), {}, 0,
                    socketPath.toStdString());
    m_accept = new QSocketNotifier(m_server, QSocketNotifier::Read, this);
    connect(m_accept, &QSocketNotifier::activated, this, &SyscallSupervisor::acceptHandoff);
    return {};
}

void SyscallSupervisor::acceptHandoff()
{
    const int conn = ::accept4(m_server, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0)
        return;
    auto refuse = [&](const QString &why) {
        ::close(conn);
        Q_EMIT problem(why);
    };
    // What is refused goes to the audit log as a protocol violation: in
    // English, whatever the console's language.
    ucred peer{};
    socklen_t peerLen = sizeof(peer);
    if (::getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &peerLen) != 0)
        return refuse(QStringLiteral("a handoff whose sender cannot be identified was refused"));
    if (m_peerUid && peer.uid != *m_peerUid)
        return refuse(QStringLiteral("a handoff from user %1, not the sandbox's, was refused").arg(peer.uid));
    if (m_listener.load() >= 0)
        return refuse(QStringLiteral("a second handoff was refused: this run is supervised already"));
    // The init sends at once; a peer that does not is not the init.
    pollfd ready{conn, POLLIN, 0};
    if (::poll(&ready, 1, 2000) != 1)
        return refuse(QStringLiteral("a handoff that sent nothing was refused"));
    char text[sizeof(kHello)] = {};
    iovec iov{text, sizeof(text) - 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t got = ::recvmsg(conn, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    // Every descriptor that came is ours to close, whatever else is wrong.
    std::vector<int> fds;
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            for (std::size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); ++i) {
                int fd = -1;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                fds.push_back(fd);
            }
    auto closeAll = [&] {
        for (int fd : fds)
            ::close(fd);
    };
    const bool helloOk = got == static_cast<ssize_t>(sizeof(kHello) - 1) && std::memcmp(text, kHello, got) == 0;
    if (!helloOk || fds.size() != 1 || (msg.msg_flags & MSG_CTRUNC)) {
        closeAll();
        return refuse(QStringLiteral("a malformed handoff was refused"));
    }
    // It must be a seccomp listener: the kernel answers this probe with
    // ENOENT for an unknown id only on one.
    std::uint64_t probe = 0;
    if (::ioctl(fds[0], SECCOMP_IOCTL_NOTIF_ID_VALID, &probe) == 0 || errno != ENOENT) {
        closeAll();
        return refuse(QStringLiteral("a handoff without a seccomp listener was refused"));
    }
    // The init, which forked the sender, must be the sandbox's PID 1: a
    // reaper above it (bubblewrap's own, a container engine's tini) would be
    // a process in the sandbox that nothing supervises, dumpable, and
    // reachable from the agent.
    const auto parent = statusNumber(peer.pid, "PPid:");
    const auto parentInSandbox = parent ? statusNumber(*parent, "NSpid:") : std::nullopt;
    if (parentInSandbox != 1) {
        closeAll();
        return refuse(QStringLiteral("a handoff from below process %1 of its sandbox, not its first, was refused")
                          .arg(parentInSandbox ? QString::number(*parentInSandbox) : QStringLiteral("(unknown)")));
    }
    if (::pipe2(m_stop, O_CLOEXEC) != 0) {
        closeAll();
        return refuse(QStringLiteral("cannot start supervising: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_listener = fds[0];
    const int initPid = peer.pid;
    m_reader =
        std::thread([this, listener = fds[0], stopFd = m_stop[0], initPid] { readLoop(listener, stopFd, initPid); });
    const char ok = 'k';
    if (::send(conn, &ok, 1, MSG_NOSIGNAL) != 1) {
        ::close(conn);
        Q_EMIT problem(QStringLiteral("the init left before it was told to go on"));
        return;
    }
    ::close(conn);
    Q_EMIT handedOver(initPid);
}

void SyscallSupervisor::readLoop(int listener, int stopFd, int initPid)
{
    const seccomp_notif_sizes sizes = notifSizes();
    std::vector<std::uint8_t> buffer(sizes.seccomp_notif);
    bool launched = false;
    std::unordered_map<int, std::string> lastMiss; // pid -> the argv of its last exec of nothing (bounded)
    while (true) {
        pollfd fds[2] = {{listener, POLLIN, 0}, {stopFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents)
            return;
        if (fds[0].revents & POLLHUP)
            return; // every supervised process is gone: the run's normal end
        if (fds[0].revents & (POLLERR | POLLNVAL))
            break;
        std::fill(buffer.begin(), buffer.end(), 0);
        auto *n = reinterpret_cast<seccomp_notif *>(buffer.data());
        if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, n) != 0) {
            if (errno == EINTR || errno == ENOENT) // interrupted, or the caller went away
                continue;
            break;
        }
        TraceeMemory memory(static_cast<pid_t>(n->pid));
        const std::uint64_t cookie = n->id;
        SyscallNotice notice = SyscallNotice::decode(*n, memory, [listener, cookie] {
            std::uint64_t asked = cookie;
            return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &asked) == 0;
        });
        // Read first, then ask whether the caller is still the one that
        // asked: a pid reused meanwhile would have been read instead.
        std::uint64_t id = n->id;
        if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0)
            continue;
        if (!notice.unreadable && notice.staysInside()) {
            answer(notice.id, 0, true);
            continue;
        }
        // A program looked for where it is not fails as it would have
        // (ENOENT; nothing ran). A PATH search tries one directory after
        // another: the attempt is recorded once, not once per directory.
        if (!notice.unreadable && notice.kind == supervised::CallClass::Exec) {
            if (!notice.programFound && missingInSandbox(notice.pid, notice.path)) {
                const bool bareName = !notice.argv.empty() && notice.argv.front().find('/') == std::string::npos;
                if (bareName && foundFurtherOnPath(notice.pid, notice.path)) {
                    answer(notice.id, ENOENT, false);
                    continue;
                }
                std::string attempt;
                for (const auto &word : notice.argv)
                    attempt += word + '\0';
                auto last = lastMiss.find(notice.pid);
                if (last != lastMiss.end() && last->second == attempt) {
                    answer(notice.id, ENOENT, false);
                    continue;
                }
                if (lastMiss.size() >= kMaxWaiting)
                    lastMiss.clear();
                lastMiss[notice.pid] = std::move(attempt);
                notice.missing = true;
            } else {
                lastMiss.erase(notice.pid);
            }
        }
        // The first exec from the init's own pid is the run's command.
        if (!launched && notice.kind == supervised::CallClass::Exec && notice.pid == initPid) {
            notice.launch = true;
            launched = true;
        }
        // Declared and inside the sandbox: on its way at once, and on record
        // with the next group (docs/AUDIT.md, commit at the boundary).
        if (m_allowAtOnce && !notice.launch && !notice.missing && !notice.unreadable &&
            m_unhandled.load() < kMaxWaiting && m_allowAtOnce(notice)) {
            // Handed to the run before the answer: its record is queued
            // ahead of anything the program can make the run's doors see.
            const std::uint64_t allowed = notice.id;
            notice.allowedAtOnce = true;
            ++m_unhandled;
            QMetaObject::invokeMethod(
                this,
                [this, notice = std::move(notice)] {
                    --m_unhandled;
                    Q_EMIT noticed(notice);
                },
                Qt::QueuedConnection);
            answer(allowed, 0, true);
            continue;
        }
        if (m_waiting.load() >= kMaxWaiting) {
            ++m_overflow;
            answer(notice.id, EAGAIN, false);
            continue;
        }
        ++m_waiting;
        QMetaObject::invokeMethod(
            this, [this, notice = std::move(notice)] { Q_EMIT noticed(notice); }, Qt::QueuedConnection);
    }
    // The listener failed while processes may still run: they now fail
    // their supervised calls (closed), and the record says why.
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT problem(QStringLiteral("supervision ended: the listener failed")); },
        Qt::QueuedConnection);
}

void SyscallSupervisor::answer(std::uint64_t id, int error, bool proceed)
{
    std::lock_guard<std::mutex> held(m_answerLock);
    const int listener = m_listener.load();
    if (listener < 0)
        return;
    static const seccomp_notif_sizes sizes = notifSizes();
    std::vector<std::uint8_t> buffer(sizes.seccomp_notif_resp, 0);
    auto *r = reinterpret_cast<seccomp_notif_resp *>(buffer.data());
    r->id = id;
    r->error = proceed ? 0 : -error;
    r->val = 0;
    r->flags = proceed ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0;
    ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, r); // ENOENT: the caller is gone; nothing to do
}

void SyscallSupervisor::allow(std::uint64_t id)
{
    --m_waiting;
    answer(id, 0, true);
}

void SyscallSupervisor::deny(std::uint64_t id, int error)
{
    --m_waiting;
    answer(id, error, false);
}

void SyscallSupervisor::stop()
{
    if (m_stop[1] >= 0) {
        const char c = 's';
        [[maybe_unused]] auto n = ::write(m_stop[1], &c, 1);
    }
    if (m_reader.joinable())
        m_reader.join();
    {
        std::lock_guard<std::mutex> held(m_answerLock);
        if (const int listener = m_listener.exchange(-1); listener >= 0)
            ::close(listener);
    }
    for (int &fd : m_stop)
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
}

} // namespace warden
