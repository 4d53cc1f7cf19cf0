// warden-mcp: the MCP server an agent's client starts inside a Warden
// sandbox, in place of the real one. Statically linked, like warden-init.
//
//   warden-mcp SERVER
//
// It names SERVER to the warden over the run's MCP socket
// ($WARDEN_MCP_SOCKET, else /run/warden/mcp.sock) and then copies bytes
// both ways: stdin to the socket, the socket to stdout. Every MCP message is
// read, judged and answered by the warden; this process understands none of
// them, so there is nothing in it for the agent to talk around.
#include "core/common/SandboxContract.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

// The names a declaration allows for a server: letters, digits, '-' and '_'.
bool validServerName(std::string_view name)
{
    if (name.empty() || name.size() > 64)
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

bool writeAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

int connectTo(const char *path)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (std::strlen(path) >= sizeof(address.sun_path))
        return -1;
    std::strcpy(address.sun_path, path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2 || !validServerName(argv[1])) {
        std::fprintf(stderr, "usage: warden-mcp SERVER (a server name from the run's declaration)\n");
        return 2;
    }
    const char *env = std::getenv(warden::contract::kMcp.variable);
    const char *path = env && *env ? env : warden::contract::kMcp.path;
    const int sock = connectTo(path);
    if (sock < 0) {
        std::fprintf(stderr, "warden-mcp: cannot reach the warden at %s: %s\n", path, std::strerror(errno));
        return 1;
    }
    const std::string hello = std::string("{\"server\":\"") + argv[1] + "\"}\n";
    if (!writeAll(sock, hello.data(), hello.size())) {
        std::fprintf(stderr, "warden-mcp: the warden closed the connection\n");
        return 1;
    }
    bool inputOpen = true;
    char buffer[65536];
    while (true) {
        pollfd fds[2] = {{sock, POLLIN, 0}, {STDIN_FILENO, static_cast<short>(inputOpen ? POLLIN : 0), 0}};
        if (::poll(fds, inputOpen ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (fds[0].revents != 0) {
            const ssize_t n = ::read(sock, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return 0; // the warden ended the session (or the run)
            if (!writeAll(STDOUT_FILENO, buffer, static_cast<std::size_t>(n)))
                return 1; // the client went away
        }
        if (inputOpen && fds[1].revents != 0) {
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                // The client closed its side: the session ends once the
                // warden has answered what is still open.
                inputOpen = false;
                ::shutdown(sock, SHUT_WR);
                continue;
            }
            if (!writeAll(sock, buffer, static_cast<std::size_t>(n)))
                return 1;
        }
    }
}
