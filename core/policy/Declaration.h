#pragma once

#include "core/common/Error.h"
#include "core/policy/Destination.h"
#include "core/policy/HoursWindow.h"
#include "core/policy/ModelProvider.h"
#include "core/policy/Regex.h"
#include "core/policy/Verdict.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace warden {

enum class ParamType { Path, Command, Url, String, Integer, Boolean, Enum };

const char *paramTypeName(ParamType type);

// One parameter's constraint, compiled: regexes built, allow patterns split.
struct ParamRule {
    ParamType type = ParamType::String;
    bool optional = false;
    std::optional<std::size_t> maxLength;
    std::optional<Regex> pattern;                     // string: whole-value match
    std::vector<std::string> within;                  // path: normalised scopes
    std::vector<std::string> allowText;               // command: as written
    std::vector<std::vector<std::string>> allowWords; // command: split into words
    std::vector<Regex> deny;                          // command: searched in the raw text
    std::vector<std::string> schemes;                 // url: allowed schemes, empty = http(s)
    std::optional<std::int64_t> min;                  // integer
    std::optional<std::int64_t> max;
    std::vector<nlohmann::json> values; // enum
};

struct ToolRule {
    std::string name;
    bool approvalRequired = false;
    // An MCP tool's definition digest (McpToolDigest), when pinned: a server
    // whose tool no longer matches it has the tool held (rug pulls).
    std::string pinned;
    std::optional<HoursWindow> hours;
    std::map<std::string, ParamRule> params;
};

// An MCP server the agent may reach through Warden (declaration field
// "mcp_servers"): a stdio server, started by Warden in a sandbox of its
// own, or a Streamable HTTP server at a URL whose destination is declared.
// Its tools are declared as tools named "SERVER.TOOL".
struct McpServerRule {
    std::string name;
    std::vector<std::string> command; // stdio: the server's argv
    std::string dataDir;              // stdio: a host directory its sandbox mounts read-write, if any
    std::string codeDir;              // stdio: a host directory its sandbox mounts read-only (its program), if any
    std::string url;                  // Streamable HTTP: the endpoint
    std::string host;                 // Streamable HTTP: the URL's host, canonical, and its port
    int port = 0;
    std::string origin;             // Streamable HTTP: scheme://host:port, what a token is kept under
    bool tokenFromKeychain = false; // "token": "keychain": the warden's keychain holds its bearer token

    static constexpr std::size_t kMaxUrl = 2048;

    // A server at an http or https URL (no user name or password, at most
    // kMaxUrl bytes): its url, host, port and origin filled in; nullopt if
    // the URL is none of that.
    static std::optional<McpServerRule> atUrl(std::string name, const std::string &url);

    static constexpr std::size_t kMaxName = 64;
    // Letters, digits, '-' and '_': the name is an argument and a tool prefix.
    static bool validName(std::string_view name);
};

// An action the declaration says how to decide ("examples"): the
// declaration's own tests, run by `wardenctl check-declaration`.
struct DeclarationExample {
    Decision expected = Decision::Deny;
    Action action;
    std::string pointer; // "/examples/deny/0"
    int line = 0;        // where it is written, for the error
};

// A declaration compiled once into an immutable form. After construction it
// is only read, so one instance may serve any number of threads.
struct Declaration {
    int version = 1;
    std::string agent;
    std::string purpose;
    std::unordered_map<std::string, ToolRule> tools;
    std::vector<Destination> destinations;
    // Declared destinations that may resolve to loopback, private, link-local
    // (cloud metadata) or other internal addresses; every other destination
    // is connected only at public addresses. Each is also in `destinations`.
    std::vector<Destination> internalDestinations;
    std::vector<std::string> secrets;
    std::vector<std::string> readScopes;
    std::vector<std::string> writeScopes;
    std::vector<std::string> processes;
    // "undeclared_processes": "observe": a program not in `processes` runs,
    // recorded as undeclared, instead of being refused (for learning what an
    // agent runs before declaring it).
    bool observeUndeclaredProcesses = false;
    std::map<std::string, McpServerRule> mcpServers;
    // Model providers, reached through the model door (ModelsParser).
    std::map<std::string, ModelProvider> models;
    std::vector<DeclarationExample> examples;
    std::string sourceText; // the file as read, for storing with a run
    std::string sha256;     // hex digest of sourceText

    // Reads and compiles a declaration; errors name the file, line and field.
    static Result<Declaration> parse(std::string_view text, std::string_view fileName);
    static Result<Declaration> load(const std::string &path);

    // The provider of `api`, or null.
    const ModelProvider *modelFor(ModelApi api) const;
    // Whether a connection to `canonicalHost:port` may reach an internal address.
    bool mayReachInternal(std::string_view canonicalHost, int port) const;
};

} // namespace warden
