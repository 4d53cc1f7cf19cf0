#pragma once

#include "core/approvals/ApprovalQueue.h"
#include "core/gateway/GatewayAnswer.h"
#include "core/gateway/GatewayServer.h"
#include "core/judge/Judge.h"
#include "core/policy/PolicyEngine.h"
#include "core/runs/HandedDirectory.h"
#include "core/runs/RunConfig.h"
#include "core/sandbox/Sandbox.h"
#include "core/store/AuditRecord.h"

#include <QObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QTimer;

namespace warden {

class AuditStore;
class CanaryFiles;
class EgressProxy;
class McpBridge;
struct McpCall;
class SyscallSupervisor;
struct SyscallNotice;

// One agent, one declaration, one sandbox: the live counterpart of
// TraceEvaluation. Every tool request, egress attempt and supervised system
// call (programs run, addresses reached, privileged calls) becomes an action
// that is judged, stored (and chained) before its answer goes back, and
// queued for a reviewer where the declaration says so. Lives on one thread
// with an event loop; the store commits on its own.
class LiveRun : public QObject {
    Q_OBJECT
public:
    LiveRun(RunConfig config, AuditStore &store, ApprovalQueue &approvals, std::unique_ptr<Sandbox> sandbox,
            QObject *parent = nullptr);
    ~LiveRun() override;

    void start();
    void kill(const QString &why);

    const std::string &runId() const { return m_runId; }
    const std::string &agent() const { return m_config.declaration->agent; }
    Judgement judgement() const { return m_judge.judgement(); }
    const std::shared_ptr<const Declaration> &declaration() const { return m_config.declaration; }
    const std::vector<Judge::Canary> &canaries() const { return m_canaries; }
    QString runDirectory() const { return m_dir.path(); }
    // The run's syscall supervisor (tests stop it to see the agent fail closed).
    SyscallSupervisor *syscallSupervisor() const { return m_syscalls; }

Q_SIGNALS:
    void stateChanged(const QString &state, const QString &detail);
    void actionJudged(const warden::Action &action, const warden::Verdict &verdict, const warden::Judgement &judgement);
    void agentOutput(const QString &line);
    void ended(const QString &state, const QString &detail);

private:
    using Recorded = std::function<void(const Action &, const Verdict &)>;

    // `denial`, when given, denies the action whatever the declaration says
    // (a pinned MCP tool whose definition changed), with that reason.
    void judgeAndRecord(Action action, Recorded then, std::optional<Reason> denial = std::nullopt);
    // Records an action that Warden refused after the policy (an internal
    // address behind a declared name): judged as the undeclared egress it is.
    void recordRefused(Action action, Reason reason);
    void recordJudged(Action action, Verdict verdict, Recorded then);
    Action redacted(Action action) const;
    void record(std::vector<AuditRecord> records, std::function<void(bool)> then);
    void onRequest(quint64 connection, const GatewayRequest &request);
    // A tools/call, resources/read or prompts/get through the MCP bridge:
    // judged like a gateway request, then forwarded to its server or refused.
    void onMcpCall(const McpCall &call);
    void onMcpAnswered(std::uint64_t call, const nlohmann::json &result, bool isError, const QString &error);
    // A supervised call from the sandbox: judged and recorded, then let
    // through or refused with EPERM. The supervised thread waits meanwhile.
    void onSyscall(const SyscallNotice &notice);
    // An open of a planted credentials file: on record as a secret read,
    // before anything the agent did after it (catchUpFileReads).
    void onCanaryFileOpened(const std::string &shown, const std::string &path);
    void catchUpFileReads();
    void addJudgementIfChanged(std::vector<AuditRecord> &records, const Judgement &judgement, std::int64_t seq);
    void answer(quint64 connection, const GatewayRequest &request, GatewayAnswer answer, const std::string &reason,
                const nlohmann::json &result = nullptr);
    // Sends a judged request where its verdict leads: answered denied,
    // held for a reviewer, scanned (code tools), or carried out.
    void routeVerdict(quint64 connection, const GatewayRequest &request, const Action &action, const Verdict &verdict);
    void scanCode(quint64 connection, const GatewayRequest &request, const std::string &code);
    void execute(quint64 connection, const GatewayRequest &request, GatewayAnswer decided);
    void requestApproval(quint64 connection, const GatewayRequest &request, const Action &action,
                         const Verdict &verdict);
    void submitApproval(const ApprovalRequest &approval, quint64 connection, const GatewayRequest &request);
    void setState(const QString &state, const QString &detail);
    void finish(Sandbox::End how, int exitCode, const QString &detail);
    // A line of the run's output (redacted already) for the store, within its budget.
    void keepOutput(std::string line);
    void failClosed(const QString &why);

    RunConfig m_config;
    AuditStore &m_store;
    ApprovalQueue &m_approvals;
    std::unique_ptr<Sandbox> m_sandbox;
    std::vector<std::unique_ptr<HandedDirectory>> m_handed; // RunConfig::handedDirs, for the run
    PolicyEngine m_engine;
    std::vector<Judge::Canary> m_canaries;
    CanaryScanner m_canaryScanner;
    Judge m_judge;
    std::string m_runId;
    QTemporaryDir m_dir;
    GatewayServer *m_gateway;
    EgressProxy *m_proxy;
    SyscallSupervisor *m_syscalls;
    CanaryFiles *m_canaryFiles;
    McpBridge *m_mcp;
    // MCP calls on their way: the request as judged (its seq and tool) and
    // what was decided, for the record of the server's answer.
    struct McpPending {
        GatewayRequest request;
        GatewayAnswer decided = GatewayAnswer::Allow;
        std::string description;
        nlohmann::json inputSchema;
    };
    std::unordered_map<std::uint64_t, McpPending> m_mcpCalls;
    // Per process, its last refused exec (the program's path and its
    // arguments): a PATH search tries the refused program again under its
    // next directory (/usr/bin/cat, then /bin/cat), which is refused without
    // a second record. The same path again is a retry, and recorded.
    struct RefusedExec {
        std::string path;
        std::vector<std::string> argv;
    };
    std::unordered_map<int, RefusedExec> m_refusedExec;
    // The same refused system call over and over (a loop retrying ptrace):
    // the first kRecordedRepeats are judged and recorded, the rest refused at
    // once and counted, one repeated_refusal record a second with the count,
    // so one call cannot spend the run's audit quota. Keyed by what the call
    // is (its action without seq and time), for at most kMaxRepeatKeys calls.
    struct RepeatedRefusal {
        int recorded = 0;
        qint64 unrecorded = 0;
        std::int64_t lastSeq = 0;
        std::string what;
    };
    static constexpr int kRecordedRepeats = 3;
    static constexpr std::size_t kMaxRepeatKeys = 4096;
    std::unordered_map<std::string, RepeatedRefusal> m_repeats;
    QTimer *m_repeatFlush = nullptr;
    // The agent's output, kept for investigation: redacted lines recorded
    // in batches ("output" records), the first kMaxStoredOutputBytes of it;
    // what is past that is counted, not stored.
    void flushOutput();
    static constexpr std::int64_t kMaxStoredOutputBytes = 1024 * 1024;
    std::vector<std::string> m_outputLines;
    std::int64_t m_outputBytes = 0;
    std::int64_t m_outputDropped = 0;
    std::string m_lastOutputLine; // redacted, for why a command could not run
    bool m_outputDroppedRecorded = false;
    QTimer *m_outputFlush = nullptr;
    void flushRepeats();
    std::int64_t m_seq = 0;
    std::string m_lastJudgement;
    bool m_ended = false;
    bool m_overQuota = false;
    std::int64_t m_recordCount = 0;
    std::int64_t m_recordBytes = 0;
    bool m_storeFailed = false;
};

} // namespace warden
