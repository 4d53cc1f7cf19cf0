#pragma once

#include <functional>
#include <string>
#include <vector>

// Loopback ports inside the sandbox, each bridged to one of the warden's
// sockets: 127.0.0.1:3128 to the egress proxy (programs expect an HTTP proxy
// at host:port, and the sandbox has no network but loopback), 127.0.0.1:3129
// to the MCP bridge for HTTP clients. One thread, poll(), bounded buffers and
// connections.
class ProxyBridge {
public:
    ProxyBridge() = default;
    ProxyBridge(const ProxyBridge &) = delete;
    ProxyBridge &operator=(const ProxyBridge &) = delete;
    ~ProxyBridge();

    // Binds the port, whose connections go to the unix socket `target`,
    // each after `hello` (a line saying what the connection is); false
    // (with errno set) if it cannot.
    bool listen(int port, std::string target, std::string hello = {});
    // For a child that must not hold them.
    void closeListeners();
    // Pumps until `onWake` (called each time `wakeFd` is readable) says stop.
    // A peer's error ends that connection only.
    void run(int wakeFd, const std::function<bool()> &onWake);

private:
    struct Listener {
        int fd = -1;
        std::string target;
        std::string hello;
    };
    std::vector<Listener> m_listeners;
};
