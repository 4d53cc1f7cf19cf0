#pragma once

#include <functional>
#include <string>

// 127.0.0.1:3128 inside the sandbox, bridged to the warden's egress proxy
// socket: programs expect an HTTP proxy at host:port, and the sandbox has no
// network but loopback. One thread, poll(), bounded buffers and connections.
class ProxyBridge {
public:
    explicit ProxyBridge(std::string target) : m_target(std::move(target)) {}
    ProxyBridge(const ProxyBridge &) = delete;
    ProxyBridge &operator=(const ProxyBridge &) = delete;
    ~ProxyBridge();

    // Binds the port; false (with errno set) if it cannot.
    bool listen(int port);
    int listenerFd() const { return m_listener; }
    // Pumps until `onWake` (called each time `wakeFd` is readable) says stop.
    // A peer's error ends that connection only.
    void run(int wakeFd, const std::function<bool()> &onWake);

private:
    std::string m_target;
    int m_listener = -1;
};
