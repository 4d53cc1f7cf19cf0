// warden-init: the first process in every Warden sandbox (bubblewrap,
// Docker, Podman, on this machine or a Warden host). Statically linked so it
// runs in any image; no Qt, no core library.
//
//   warden-init COMMAND [ARG...]
//
// It bridges 127.0.0.1:3128 to the warden's egress proxy socket
// ($WARDEN_PROXY_SOCKET; the port from $WARDEN_PROXY_BRIDGE_PORT when set)
// and, where $WARDEN_MCP_SOCKET is set, 127.0.0.1:3129 to the MCP bridge
// ($WARDEN_MCP_BRIDGE_PORT), then runs COMMAND in a child under the
// seccomp supervision filter whose listener it hands to the warden
// ($WARDEN_SUPERVISOR_SOCKET), and exits with the child's status. If the
// filter cannot be installed or handed over, COMMAND does not run (126).
#include "ProxyBridge.h"
#include "SupervisedLaunch.h"
#include "core/common/SandboxContract.h"

#include "core/supervise/SupervisedCalls.h"

#include <fcntl.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

int g_wake[2] = {-1, -1}; // written by the signal handlers: the child ended, or a stop was asked
pid_t g_child = -1;

void onChild(int)
{
    const char c = 'c';
    [[maybe_unused]] auto n = ::write(g_wake[1], &c, 1);
}

void forward(int sig)
{
    if (g_child > 0)
        ::kill(g_child, sig);
}

std::string envOr(const char *name, const char *fallback)
{
    const char *v = std::getenv(name);
    return v && *v ? v : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: warden-init COMMAND [ARG...]\n");
        return 2;
    }
    // The agent runs as this user: it must not read or write this process's
    // memory (the bridge) through /proc.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    ProxyBridge bridge;
    // The ports are fixed in every sandbox; a test on the host names others
    // (0: any free one) so they cannot clash with what the host runs.
    namespace contract = warden::contract;
    const std::string port = envOr(contract::kProxyPortVariable, "");
    const int proxyPort = port.empty() ? contract::kProxyPort : std::atoi(port.c_str());
    if (!bridge.listen(proxyPort, envOr(contract::kProxy.variable, contract::kProxy.path))) {
        std::fprintf(stderr, "warden-init: cannot listen on 127.0.0.1:%d: %s\n", proxyPort, std::strerror(errno));
        return 126;
    }
    // MCP's Streamable HTTP endpoint, where the run has an MCP socket.
    const std::string mcpSocket = envOr(contract::kMcp.variable, "");
    const std::string mcpPortText = envOr(contract::kMcpPortVariable, "");
    const int mcpPort = mcpPortText.empty() ? contract::kMcpPort : std::atoi(mcpPortText.c_str());
    if (!mcpSocket.empty() && !bridge.listen(mcpPort, mcpSocket, contract::kMcpHttpHello)) {
        std::fprintf(stderr, "warden-init: cannot listen on 127.0.0.1:%d: %s\n", mcpPort, std::strerror(errno));
        return 126;
    }
    // The model door, where the run has one.
    const std::string modelSocket = envOr(contract::kModel.variable, "");
    const std::string modelPortText = envOr(contract::kModelPortVariable, "");
    const int modelPort = modelPortText.empty() ? contract::kModelPort : std::atoi(modelPortText.c_str());
    if (!modelSocket.empty() && !bridge.listen(modelPort, modelSocket)) {
        std::fprintf(stderr, "warden-init: cannot listen on 127.0.0.1:%d: %s\n", modelPort, std::strerror(errno));
        return 126;
    }
    if (::pipe2(g_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        std::perror("warden-init: pipe");
        return 126;
    }
    struct sigaction child {};
    child.sa_handler = onChild;
    child.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    ::sigaction(SIGCHLD, &child, nullptr);

    const std::string supervisor = envOr(contract::kSupervisor.variable, contract::kSupervisor.path);
    g_child = ::fork();
    if (g_child < 0) {
        std::perror("warden-init: fork");
        return 126;
    }
    if (g_child == 0) {
        bridge.closeListeners();
        ::signal(SIGCHLD, SIG_DFL);
        std::string why;
        runSupervised(argv + 1, supervisor, why);
        std::fprintf(stderr, "warden-init: %s\n", why.c_str());
        ::_exit(why.rfind("cannot run ", 0) == 0 ? 127 : 126);
    }
    // As PID 1 in a container a signal without a handler is ignored: pass
    // the stop on to the agent.
    struct sigaction pass {};
    pass.sa_handler = forward;
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(sig, &pass, nullptr);

    int status = 0;
    bridge.run(g_wake[0], [&status] {
        char drain[64];
        while (::read(g_wake[0], drain, sizeof(drain)) > 0) {
        }
        // Reap everything (as PID 1, orphans come here); stop with the agent.
        for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;)
            if (pid == g_child)
                return false;
        return true;
    });
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
