#include "ProxyBridge.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace {

constexpr std::size_t kMaxPairs = 64;           // connections at once; more wait in the backlog
constexpr std::size_t kBufferBytes = 64 * 1024; // per direction

// One direction of a pair: what was read from `from` and not yet written to `to`.
struct Lane {
    std::array<char, kBufferBytes> buffer{};
    std::size_t begin = 0, end = 0;
    bool eof = false;      // `from` said it is done
    bool shutDown = false; // and `to` was told
    bool pending() const { return end > begin; }
};

struct Pair {
    int client = -1, upstream = -1;
    Lane up, down; // client -> upstream, upstream -> client
    bool closed = false;
};

int connectUpstream(const std::string &path)
{
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof(addr.sun_path)) {
        ::close(fd);
        return -1;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    // A local socket connects at once or not at all.
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Moves what it can from `from` into the lane and out to `to`; false when
// the pair is finished (both sides done, or an error).
bool pump(int from, int to, Lane &lane, bool readable, bool writable)
{
    if (readable && !lane.eof && lane.end < lane.buffer.size()) {
        ssize_t n = ::read(from, lane.buffer.data() + lane.end, lane.buffer.size() - lane.end);
        if (n > 0)
            lane.end += static_cast<std::size_t>(n);
        else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            lane.eof = true;
            if (n < 0)
                return false;
        }
    }
    (void)writable; // a non-blocking send is tried whenever there is something to send
    if (lane.pending()) {
        ssize_t n = ::send(to, lane.buffer.data() + lane.begin, lane.end - lane.begin, MSG_NOSIGNAL);
        if (n > 0)
            lane.begin += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        if (lane.begin == lane.end)
            lane.begin = lane.end = 0;
    }
    if (lane.eof && !lane.pending() && !lane.shutDown) {
        ::shutdown(to, SHUT_WR);
        lane.shutDown = true;
    }
    return true;
}

} // namespace

ProxyBridge::~ProxyBridge()
{
    closeListeners();
}

void ProxyBridge::closeListeners()
{
    for (Listener &l : m_listeners)
        if (l.fd >= 0)
            ::close(l.fd);
    m_listeners.clear();
}

bool ProxyBridge::listen(int port, std::string target, std::string hello)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return false;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0 || ::listen(fd, 16) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return false;
    }
    // A hello longer than a lane could never be sent whole.
    if (hello.size() > kBufferBytes)
        hello.clear();
    m_listeners.push_back({fd, std::move(target), std::move(hello)});
    return true;
}

void ProxyBridge::run(int wakeFd, const std::function<bool()> &onWake)
{
    std::vector<std::unique_ptr<Pair>> pairs; // a pair's buffers stay where they are
    std::vector<pollfd> fds;
    while (true) {
        fds.clear();
        fds.push_back({wakeFd, POLLIN, 0});
        for (const Listener &l : m_listeners)
            fds.push_back({l.fd, static_cast<short>(pairs.size() < kMaxPairs ? POLLIN : 0), 0});
        const std::size_t first = 1 + m_listeners.size(); // where the pairs' entries start
        for (const auto &pair : pairs) {
            const Pair &p = *pair;
            // Read only while there is room; write only while there is something to write.
            short c = static_cast<short>((!p.up.eof && p.up.end < kBufferBytes ? POLLIN : 0) |
                                         (p.down.pending() ? POLLOUT : 0));
            short u = static_cast<short>((!p.down.eof && p.down.end < kBufferBytes ? POLLIN : 0) |
                                         (p.up.pending() ? POLLOUT : 0));
            fds.push_back({p.client, c, 0});
            fds.push_back({p.upstream, u, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[0].revents && !onWake())
            break;
        const std::size_t polled = pairs.size(); // a pair accepted below was not polled yet
        for (std::size_t i = 0; i < polled; ++i) {
            Pair &p = *pairs[i];
            const pollfd &c = fds[first + 2 * i];
            const pollfd &u = fds[first + 1 + 2 * i];
            const bool cErr = c.revents & (POLLERR | POLLNVAL);
            const bool uErr = u.revents & (POLLERR | POLLNVAL);
            bool ok = !cErr && !uErr;
            ok = ok && pump(p.client, p.upstream, p.up, c.revents & (POLLIN | POLLHUP), u.revents & POLLOUT);
            ok = ok && pump(p.upstream, p.client, p.down, u.revents & (POLLIN | POLLHUP), c.revents & POLLOUT);
            if (!ok || (p.up.eof && p.down.eof && !p.up.pending() && !p.down.pending()))
                p.closed = true;
        }
        std::erase_if(pairs, [](const std::unique_ptr<Pair> &p) {
            if (p->closed) {
                ::close(p->client);
                ::close(p->upstream);
            }
            return p->closed;
        });
        for (std::size_t l = 0; l < m_listeners.size(); ++l) {
            if (!(fds[1 + l].revents & POLLIN))
                continue;
            int client = ::accept4(m_listeners[l].fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (client < 0)
                continue;
            int upstream = connectUpstream(m_listeners[l].target);
            if (upstream < 0) {
                ::close(client); // the warden is gone: the agent's connection ends
                continue;
            }
            auto pair = std::make_unique<Pair>();
            pair->client = client;
            pair->upstream = upstream;
            // The hello goes first, as if the client had sent it.
            const std::string &hello = m_listeners[l].hello;
            std::memcpy(pair->up.buffer.data(), hello.data(), hello.size());
            pair->up.end = hello.size();
            pairs.push_back(std::move(pair));
        }
    }
    for (const auto &p : pairs) {
        ::close(p->client);
        ::close(p->upstream);
    }
}
