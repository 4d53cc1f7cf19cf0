#pragma once

#include "core/approvals/ApprovalQueue.h"
#include "core/gateway/GatewayAnswer.h"
#include "core/gateway/GatewayServer.h"
#include "core/judge/Judge.h"
#include "core/policy/PolicyEngine.h"
#include "core/runs/HandedDirectory.h"
#include "core/runs/RunConfig.h"
#include "core/runs/RunRecorder.h"
#include "core/sandbox/Sandbox.h"
#include "core/store/AuditRecord.h"
#include "core/store/AuditStore.h"

#include <QObject>
#include <QTemporaryDir>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QTimer;

namespace warden {

class AuditStore;
class CallRouter;
class CanaryFiles;
class EgressProxy;
class McpBridge;
class RunOutput;
class SyscallDoor;
class ModelDoorWiring;
class SyscallSupervisor;

// One agent, one declaration, one sandbox: the live counterpart of
// TraceEvaluation. Every tool request, egress attempt and supervised system
// call (programs run, addresses reached, privileged calls) becomes an action
// that is judged, stored (and chained) before its answer goes back, and
// queued for a reviewer where the declaration says so. Lives on one thread
// with an event loop; the store commits on its own.
class LiveRun : public QObject, private RunRecorder {
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
    using Recorded = RunRecorder::Judged;

    // RunRecorder, for the parts that handle a door's traffic. `denial`,
    // when given, denies the action whatever the declaration says (a pinned
    // MCP tool whose definition changed), with that reason.
    void judgeAndRecord(Action action, Recorded then, std::optional<Reason> denial = std::nullopt) override;
    void record(std::vector<AuditRecord> records, std::function<void(bool)> then) override;
    void redact(std::string &text) const override { m_canaryScanner.redact(text); }
    std::vector<std::string> canariesIn(const std::string &text) const override { return m_canaryScanner.find(text); }
    void say(const std::string &line) override;
    void recordDecided(Action action, Verdict verdict) override;
    std::function<bool(const Action &)> allowsAtOnce() const override;
    void recordAllowedAtOnce(Action action) override;
    std::int64_t lastSeq() const override { return m_seq; }
    const std::string &runIdentity() const override { return m_runId; }
    // Records an action that Warden refused after the policy (an internal
    // address behind a declared name): judged as the undeclared egress it is.
    void recordRefused(Action action, Reason reason);
    void recordJudged(Action action, Verdict verdict, Recorded then);
    // The judge's look at a numbered action, and its records (redacted):
    // the action, its verdict, and the judgement when it moved.
    std::vector<AuditRecord> judgedRecords(Action &action, Verdict &verdict, Judgement &judgement);
    // Appends what stays inside the sandbox, committed with the next group.
    void recordGrouped(std::vector<AuditRecord> records);
    // No quota here (the caller counted); a failure fails the run closed.
    void appendGrouped(std::vector<AuditRecord> records,
                       AuditStore::Durability durability = AuditStore::Durability::Grouped);
    // Counts records against the run's quota; the first past it ends the run.
    void countAgainstQuota(const std::vector<AuditRecord> &records);
    // An open of a planted credentials file: on record as a secret read,
    // before anything the agent did after it (CanaryFiles::drain before each action).
    void onCanaryFileOpened(const std::string &shown, const std::string &path);
    void addJudgementIfChanged(std::vector<AuditRecord> &records, const Judgement &judgement, std::int64_t seq);
    void finish(Sandbox::End how, int exitCode, const QString &detail);
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
    CallRouter *m_router; // where judged calls go, whichever door they came in by
    SyscallDoor *m_syscallDoor = nullptr;
    ModelDoorWiring *m_modelDoor = nullptr; // where the declaration names model providers
    RunOutput *m_output = nullptr;          // the agent's output, kept for investigation
    std::string m_lastOutputLine;           // redacted, for why a command could not run
    std::int64_t m_seq = 0;
    std::string m_lastJudgement;
    bool m_ended = false;
    bool m_overQuota = false;
    std::int64_t m_recordCount = 0;
    std::int64_t m_recordBytes = 0;
    bool m_storeFailed = false;
    // Whether doors may let in-sandbox actions through before the run sees
    // them; shared with their threads, cleared when that must stop.
    std::shared_ptr<std::atomic<bool>> m_atOnce = std::make_shared<std::atomic<bool>>(true);
    // Grouped records appended and not yet committed: past kMaxGrouped the
    // doors wait for the store (what a dead warden can lose stays bounded).
    static constexpr int kMaxGrouped = 4096;
    std::shared_ptr<std::atomic<int>> m_grouped = std::make_shared<std::atomic<int>>(0);
};

} // namespace warden
