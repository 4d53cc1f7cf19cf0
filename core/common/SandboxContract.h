#pragma once

// What a sandbox and its warden agree on: where the run's sockets are, the
// variables that name them, the loopback ports the sandbox's init bridges,
// and the first line each connection says. Shared by the warden (core),
// the sandbox's init (warden-init, static, no Qt) and the MCP relay
// (warden-mcp): plain constants only, nothing that pulls in a library.

namespace warden::contract {

// The run's directory of sockets, bound read-only into every sandbox, and
// the init, bound beside it and run as the sandbox's first process.
inline constexpr const char *kRunDirectory = "/run/warden";
inline constexpr const char *kInitPath = "/run/warden-init";

// The sockets in it, each named by a variable of the sandbox's environment
// (the variable wins; a test on the host points them elsewhere).
struct Socket {
    const char *file;     // in kRunDirectory and in the warden's run directory
    const char *variable; // its path in the sandbox
    const char *path;     // kRunDirectory + "/" + file
};
// Tool requests (the agent SDK's one hatch).
inline constexpr Socket kGateway{"gateway.sock", "WARDEN_GATEWAY", "/run/warden/gateway.sock"};
// The egress proxy, bridged to 127.0.0.1:kProxyPort.
inline constexpr Socket kProxy{"proxy.sock", "WARDEN_PROXY_SOCKET", "/run/warden/proxy.sock"};
// The syscall supervisor: the init hands over its seccomp listener here.
inline constexpr Socket kSupervisor{"supervisor.sock", "WARDEN_SUPERVISOR_SOCKET", "/run/warden/supervisor.sock"};
// The MCP bridge: warden-mcp over stdio, and 127.0.0.1:kMcpPort over HTTP.
inline constexpr Socket kMcp{"mcp.sock", "WARDEN_MCP_SOCKET", "/run/warden/mcp.sock"};
inline constexpr Socket kAll[] = {kGateway, kProxy, kSupervisor, kMcp};
// The model door, where the declaration names model providers: bridged to
// http://127.0.0.1:kModelPort, the agent's model base URL.
inline constexpr Socket kModel{"model.sock", "WARDEN_MODEL_SOCKET", "/run/warden/model.sock"};

// The loopback ports the init listens on and relays to the sockets above;
// these variables move them (0: any free one) for a test on the host.
inline constexpr int kProxyPort = 3128;
inline constexpr const char *kProxyPortVariable = "WARDEN_PROXY_BRIDGE_PORT";
inline constexpr int kMcpPort = 3129; // http://127.0.0.1:3129/mcp/SERVER
inline constexpr const char *kMcpPortVariable = "WARDEN_MCP_BRIDGE_PORT";
inline constexpr int kModelPort = 3130;
inline constexpr const char *kModelPortVariable = "WARDEN_MODEL_BRIDGE_PORT";

// First lines. The init on the supervisor socket, with its listener:
inline constexpr char kSupervisorHello[] = "warden-init 1\n";
// The init on each relayed MCP HTTP connection:
inline constexpr char kMcpHttpHello[] = "{\"transport\":\"http\"}\n";
// warden-mcp on its connection: {"server":"NAME"} and a newline.

// The MCP relay's place in every sandbox whose declaration names servers
// (its directory is mounted over whatever the image has there).
inline constexpr const char *kMcpRelayDirectory = "/opt/warden/bin";
inline constexpr const char *kMcpRelay = "/opt/warden/bin/warden-mcp";

} // namespace warden::contract
