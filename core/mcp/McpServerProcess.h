#pragma once

#include "core/mcp/McpServerLink.h"
#include "core/policy/Declaration.h"
#include "core/sandbox/SandboxSpec.h"

class QProcess;

namespace warden {

// A declared stdio MCP server, started by the warden in a bubblewrap sandbox
// of its own (servers are untrusted code too): the sandbox image as root,
// its "code" directory read-only and its "data" directory read-write, both
// at their host paths, and no network. One JSON-RPC message per line each
// way. What it writes is hostile: lines are bounded, garbage is counted and
// reported, and a server that floods or stops answering is ended.
class McpServerProcess : public McpServerLink {
    Q_OBJECT
public:
    struct Limits {
        qsizetype maxLineBytes = 4 * 1024 * 1024;
        int maxGarbageLines = 16;        // then the server is ended
        qsizetype maxStderrBytes = 4096; // the tail kept, for the reason it ended
    };

    McpServerProcess(McpServerRule rule, SandboxSpec spec, QObject *parent = nullptr);
    McpServerProcess(McpServerRule rule, SandboxSpec spec, Limits limits, QObject *parent = nullptr);
    ~McpServerProcess() override;

    // The spec for a server: `root` is the sandbox root (Warden's image),
    // `uid`/`gid` whom it runs as when the warden is root.
    static SandboxSpec specFor(const McpServerRule &rule, const std::string &root, int uid, int gid);
    // Of what a server wrote to stderr, the line that says why it ended.
    static QString explainingLine(const QString &stderrText);

    void start() override;
    void send(const nlohmann::json &message) override;
    void stop() override;
    bool running() const;

private:
    void onReadable();
    void end(const QString &why);

    McpServerRule m_rule;
    SandboxSpec m_spec;
    Limits m_limits;
    QProcess *m_process;
    QByteArray m_buffer;
    QByteArray m_stderr;
    std::vector<std::string> m_queued; // written once the process has started
    int m_garbage = 0;
    bool m_ended = false;
};

} // namespace warden
