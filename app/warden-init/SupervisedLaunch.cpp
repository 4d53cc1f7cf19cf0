#include "SupervisedLaunch.h"
#include "core/common/SandboxContract.h"

#include "core/supervise/NotifyProgram.h"

#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace {

constexpr int kAnswerSeconds = 10; // how long the warden may take to take the listener

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

int connectTo(const std::string &path, std::string &why)
{
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (fd < 0 || path.size() >= sizeof(addr.sun_path)) {
        why = "cannot make a socket for the supervisor at " + path;
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0) {
        why = errnoText(("cannot reach the supervisor at " + path).c_str());
        ::close(fd);
        return -1;
    }
    timeval limit{kAnswerSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
    return fd;
}

// Sends the listener with the hello and waits for the warden's one byte.
bool handOver(int socketFd, int listener, std::string &why)
{
    // What the warden reads first on the supervisor socket, with the listener.
    iovec iov{const_cast<char *>(warden::contract::kSupervisorHello), sizeof(warden::contract::kSupervisorHello) - 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &listener, sizeof(int));
    if (::sendmsg(socketFd, &msg, MSG_NOSIGNAL) != static_cast<ssize_t>(iov.iov_len)) {
        why = errnoText("cannot hand the listener to the supervisor");
        return false;
    }
    char answer = 0;
    if (::recv(socketFd, &answer, 1, 0) != 1 || answer != 'k') {
        why = "the supervisor did not take the listener";
        return false;
    }
    return true;
}

std::string onPath(const std::string &name)
{
    if (name.find('/') != std::string::npos)
        return name;
    const char *path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (std::size_t at = 0; at <= dirs.size();) {
        std::size_t end = dirs.find(':', at);
        if (end == std::string::npos)
            end = dirs.size();
        const std::string dir = end > at ? dirs.substr(at, end - at) : ".";
        std::string candidate = dir + "/" + name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        at = end + 1;
    }
    return {};
}

} // namespace

void runSupervised(char **argv, const std::string &supervisorSocket, std::string &why)
{
    // Found on the PATH before the filter exists: the warden sees the run's
    // command as one exec, not one per PATH entry tried.
    const std::string program = onPath(argv[0]);
    if (program.empty()) {
        why = std::string("cannot run ") + argv[0] + ": not found on the PATH";
        return;
    }
    const int socketFd = connectTo(supervisorSocket, why);
    if (socketFd < 0)
        return;
    std::mutex lock;
    std::condition_variable changed;
    int listener = -2; // -2: not installed yet; -1: failed
    bool handed = false;
    std::string helperWhy;
    // Started before the filter exists, so the filter does not cover it.
    std::thread helper([&] {
        std::unique_lock<std::mutex> held(lock);
        changed.wait(held, [&] { return listener != -2; });
        if (listener >= 0)
            handed = handOver(socketFd, listener, helperWhy);
    });

    const std::vector<sock_filter> filter = warden::supervised::notifyProgram();
    sock_fprog prog{static_cast<unsigned short>(filter.size()), const_cast<sock_filter *>(filter.data())};
    int fd = -1;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        why = errnoText("cannot set no_new_privs");
    } else {
        fd =
            static_cast<int>(::syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog));
        if (fd < 0)
            why = errnoText("cannot install the supervision filter");
    }
    {
        std::lock_guard<std::mutex> held(lock);
        listener = fd >= 0 ? fd : -1;
    }
    changed.notify_one();
    helper.join();
    ::close(socketFd);
    if (fd >= 0)
        ::close(fd); // the agent must never hold its own listener
    if (fd < 0)
        return;
    if (!handed) {
        why = helperWhy;
        return;
    }
    // The supervisor reads the agent's memory to see what it runs: only now,
    // under the filter, may this process be read (and so written) through /proc.
    ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    ::execv(program.c_str(), argv);
    why = errnoText((std::string("cannot run ") + argv[0]).c_str());
}
