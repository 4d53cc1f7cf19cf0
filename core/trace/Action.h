#pragma once

#include "core/common/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

enum class ActionKind { ToolCall, Egress, SecretRead, Process, File, Syscall, Model };

const char *actionKindName(ActionKind kind);
std::optional<ActionKind> actionKindFromName(std::string_view name);

// Where an action was seen: the gateway (tool requests), the egress proxy,
// the code scanner, the syscall supervisor, the sandbox runtime. An unknown
// or missing word (older records, traces) is Unknown.
enum class ActionSource : std::uint8_t { Unknown, Gateway, Proxy, Scanner, Syscall, Runtime, Mcp, Model };
ActionSource actionSourceFromName(std::string_view name);
const char *actionSourceName(ActionSource source); // "" for Unknown

// One thing an agent did or asked for, as read from a trace line or reported
// by the gateway, the egress proxy, the code scanner, the syscall supervisor
// or the sandbox runtime.
// Only the fields of its kind are meaningful.
struct Action {
    // model: a tool result the agent sent back to its model in this request
    // (a file it read, a page it fetched, a command's output), as far as a
    // reviewer needs it: which tool, how big, the stretch that matters, and
    // the signs that it carried instructions (InjectionCues).
    struct ToolResult {
        std::string tool; // the tool whose result it is, as the model named it
        std::int64_t bytes = 0;
        std::string excerpt; // at most kMaxExcerpt bytes, around the first sign
        std::vector<std::string> cues;
        bool operator==(const ToolResult &) const = default;
    };
    static constexpr std::size_t kMaxResults = 16;
    static constexpr std::size_t kMaxExcerpt = 1024;

    std::int64_t seq = 0;
    std::optional<std::int64_t> timeMs; // UTC epoch milliseconds
    ActionKind kind = ActionKind::ToolCall;
    std::string source; // gateway, proxy, scanner, syscall, runtime, mcp; empty when unknown

    // tool_call through an MCP server: the protocol's own names for the
    // call, for tracing backends (OpenTelemetry's MCP conventions). Empty
    // when the call did not come over MCP.
    struct McpCallInfo {
        std::string method;    // tools/call, resources/read, prompts/get
        std::string requestId; // the client's JSON-RPC id, as JSON text (1, "a7")
        std::string session;   // the session it came in (the server's name and Warden's session number)
        std::string protocol;  // the protocol version the session agreed
        bool empty() const { return method.empty(); }
        static constexpr std::size_t kMaxField = 256;
        // What the record keeps of a call: printable ASCII only (the id as
        // JSON text with \u escapes), each field cut to kMaxField, so that
        // what is stored always reads back.
        static McpCallInfo of(const std::string &method, const nlohmann::json &requestId, const std::string &session,
                              const std::string &protocol);
    };

    // tool_call
    std::string tool; // a tool call's tool; a model request's provider (its name in the declaration)
    nlohmann::json params = nlohmann::json::object();
    std::string justification;
    McpCallInfo mcp;
    // egress
    std::string host;
    int port = 0; // 0 when unknown
    std::string method;
    std::string url;
    // tool_call, egress and process: names of canary secrets seen in the outbound data (a program's arguments)
    std::vector<std::string> canaries;
    // secret_read
    std::string name;
    // process
    std::vector<std::string> argv;
    // file (and secret_read: the file a secret was read from, when it was one)
    std::string op;
    std::string path;
    // syscall: a privileged call the agent has no business making (unshare, mount, ptrace, ...)
    std::string call;
    // model: the newest tool results in the conversation it sends (at most kMaxResults)
    std::vector<ToolResult> results;
    // model: the provider-side tools the door took out of the request (web_search, ...)
    std::vector<std::string> withheld;

    // Strict reading of one trace object: unknown fields, wrong types and
    // missing fields of the kind are errors naming the field.
    static Result<Action> fromJson(const nlohmann::json &object);
    nlohmann::json toJson() const;
    // A one-line human description ("egress attacker.example:443 CONNECT").
    std::string describe() const;
};

} // namespace warden
