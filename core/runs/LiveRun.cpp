#include "core/runs/LiveRun.h"

#include "core/common/SandboxContract.h"
#include "core/common/WardenIdentity.h"

#include "core/common/ResourcePaths.h"
#include "core/egress/EgressProxy.h"
#include "core/json/WireJson.h"
#include "core/mcp/McpBridge.h"
#include "core/policy/Url.h"
#include "core/runs/CallRouter.h"
#include "core/runs/Canaries.h"
#include "core/runs/CanaryFiles.h"
#include "core/runs/GatewayDoor.h"
#include "core/runs/McpDoor.h"
#include "core/runs/ModelDoorWiring.h"
#include "core/runs/RunOutput.h"
#include "core/runs/RunRecovery.h"
#include "core/runs/SandboxUser.h"
#include "core/runs/SandboxWiring.h"
#include "core/runs/SyscallDoor.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/supervise/SyscallSupervisor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>

#include <cerrno>
#include <unistd.h>

namespace warden {

LiveRun::LiveRun(RunConfig config, AuditStore &store, ApprovalQueue &approvals, std::unique_ptr<Sandbox> sandbox,
                 QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_store(store),
      m_approvals(approvals),
      m_sandbox(std::move(sandbox)),
      m_engine(m_config.declaration),
      m_canaries(Canaries::generate(m_config.sandbox.env, Canaries::standInKeys(*m_config.declaration))),
      m_canaryScanner(m_canaries),
      m_judge(m_canaries),
      m_runId(RunRecords::newRunId()),
      m_dir(RunRecovery::runDirectoryTemplate()),
      m_gateway(new GatewayServer(this)),
      m_proxy(nullptr),
      m_syscalls(new SyscallSupervisor(this)),
      m_canaryFiles(new CanaryFiles(this)),
      m_mcp(new McpBridge(m_config.declaration, this))
{
    m_router = new CallRouter(m_config, m_approvals, *this, this);
    m_sandbox->setParent(nullptr);
    // One egress policy for the agent's proxy and for MCP servers at a URL.
    auto egress = [this](Action action, const std::function<void(bool, std::string)> &done) {
        judgeAndRecord(std::move(action), [done](const Action &, const Verdict &v) {
            done(v.decision == Decision::Allow, v.reasons.empty() ? std::string("not allowed") : v.reasonsText());
        });
    };
    m_proxy = new EgressProxy(m_canaries, egress, this);
    m_mcp->setEgressDecider(egress);
    m_proxy->setInternalDestinations(m_config.declaration->internalDestinations);
    connect(m_proxy, &EgressProxy::internalAddressRefused, this,
            [this](const QString &host, int port, const QString &address, const QString &reason) {
                Action a;
                a.kind = ActionKind::Egress;
                a.source = "proxy";
                a.method = "CONNECT";
                a.host = address.toStdString();
                a.port = port;
                a.justification = "resolved from " + host.toStdString();
                recordRefused(std::move(a), {"internal_destinations", reason.toStdString()});
            });
    new GatewayDoor(*m_gateway, *m_router, *this, this);
    m_syscallDoor = new SyscallDoor(*m_syscalls, *m_canaryFiles, *this, this);
    if (!m_config.declaration->models.empty())
        m_modelDoor = new ModelDoorWiring(*this, m_config.declaration, m_canaries, m_config.modelKeys, this);
    m_output = new RunOutput(
        m_runId, [this] { return m_seq; }, [this](AuditRecord r) { record({std::move(r)}, [](bool) {}); }, this);
    connect(m_canaryFiles, &CanaryFiles::opened, this,
            [this](const CanaryFiles::File &f) { onCanaryFileOpened(f.shown, f.sandboxPath); });
    auto violation = [this](const QString &what) {
        // A short excerpt: the agent chose much of this text and could make
        // it 256 KiB a line.
        constexpr qsizetype kMaxWhat = 240;
        const QString excerpt = what.size() > kMaxWhat ? what.left(kMaxWhat) + QStringLiteral("…") : what;
        m_judge.observeProtocolViolation(m_seq);
        std::vector<AuditRecord> records{RunRecords::protocolViolation(m_runId, excerpt.toStdString())};
        addJudgementIfChanged(records, m_judge.judgement(), m_seq);
        record(std::move(records), [](bool) {});
    };
    connect(m_gateway, &GatewayServer::protocolViolation, this, violation);
    connect(m_mcp, &McpBridge::agentProblem, this, violation);
    // Opens of the planted credentials files the kernel dropped (its queue
    // overflowed) were lost without a trace: on record, and held against
    // the run, since flooding the queue is how reads would be hidden.
    connect(m_canaryFiles, &CanaryFiles::overflowed, this, [violation] {
        violation(QStringLiteral("the planted credentials files were opened faster than the kernel could report "
                                 "(its inotify queue overflowed): some opens were not seen one by one"));
    });
    McpBridge::Limits mcpLimits;
    mcpLimits.session.callTimeoutMs = std::max(1, m_config.mcpCallTimeoutSeconds) * 1000;
    m_mcp->setLimits(mcpLimits);
    new McpDoor(*m_mcp, *m_router, *this, this);
    connect(m_syscalls, &SyscallSupervisor::problem, this, violation);
    connect(m_proxy, &EgressProxy::protocolViolation, this, violation);
    if (m_modelDoor)
        connect(&m_modelDoor->door(), &ModelDoor::protocolViolation, this, violation);
    connect(m_sandbox.get(), &Sandbox::outputLine, this, [this](const QString &line) {
        // An agent that prints its environment prints the canaries: they are
        // never shown or streamed.
        std::string text = line.toStdString();
        if (m_canaryScanner.redact(text))
            Q_EMIT agentOutput(QString::fromStdString(text));
        else
            Q_EMIT agentOutput(line);
        if (!text.empty())
            m_lastOutputLine = text.substr(0, 300);
        m_output->keep(std::move(text));
    });
    connect(m_sandbox.get(), &Sandbox::started, this, [this] {
        // A run killed while its sandbox was still being checked has ended:
        // a late "running" would overwrite that on record.
        if (m_ended)
            return;
        AuditRecord r = RunRecords::runState(m_runId, "running", m_sandbox->description().toStdString());
        r.payload = nlohmann::json{{"state", "running"},
                                   {"reason", m_sandbox->description().toStdString()},
                                   {"hardening", m_sandbox->hardening()}}
                        .dump();
        recordGrouped({r});
        Q_EMIT stateChanged(QStringLiteral("running"), m_sandbox->description());
    });
    connect(m_sandbox.get(), &Sandbox::ended, this, &LiveRun::finish);
}

LiveRun::~LiveRun()
{
    m_atOnce->store(false); // nothing more goes ahead unseen while this goes
    if (!m_ended)
        m_approvals.expireRun(m_runId, "the warden stopped");
    // The sandbox goes first: it must not outlive the sockets it talks to.
    m_sandbox.reset();
    // Then the MCP servers (reaped), then the workspace and home given back:
    // nothing of the run's still writes into what the run kept when it goes.
    delete m_mcp;
    m_mcp = nullptr;
    m_handed.clear();
    // What the run kept (a demo's workspace copy, a fresh home, a scripted
    // model) goes on a worker: removing a tree the agent filled, or waiting
    // for a process, must not hold this thread (the console's).
    if (!m_config.keptForRun.empty())
        QThreadPool::globalInstance()->start([kept = std::move(m_config.keptForRun)]() mutable { kept.clear(); });
}

void LiveRun::start()
{
    if (!m_dir.isValid()) {
        failClosed(tr("cannot create the run directory"));
        return;
    }
    const QString dir = m_dir.path();
    auto socket = [&dir](const contract::Socket &s) -> QString {
        return dir + QLatin1Char('/') + QLatin1String(s.file);
    };
    auto gateway = m_gateway->listen(socket(contract::kGateway));
    auto proxy = gateway ? m_proxy->listen(socket(contract::kProxy)) : Result<void>();
    auto syscalls = proxy ? m_syscalls->listen(socket(contract::kSupervisor)) : Result<void>();
    auto mcp = syscalls ? m_mcp->listen(socket(contract::kMcp)) : Result<void>();
    if (m_modelDoor && mcp)
        mcp = m_modelDoor->door().listen(socket(contract::kModel));
    // The sandbox's init: without it the agent would run unsupervised, so the run does not start.
    auto init = mcp ? ResourcePaths::initProgram() : Result<std::string>(std::string());
    // With MCP servers declared: the relay their clients start (installed
    // beside the init), and the root the servers run on.
    const bool mcpDeclared = !m_config.declaration->mcpServers.empty();
    Result<std::string> relay = std::string();
    Result<std::string> serverRoot = m_config.mcpServerRoot;
    if (init && mcpDeclared) {
        relay = SandboxWiring::relayBeside(*init);
        if (serverRoot->empty())
            serverRoot = ResourcePaths::imageRoot();
    }
    for (const Error *e :
         {!gateway ? &gateway.error() : nullptr, !proxy ? &proxy.error() : nullptr,
          !syscalls ? &syscalls.error() : nullptr, !mcp ? &mcp.error() : nullptr, !init ? &init.error() : nullptr,
          !relay ? &relay.error() : nullptr, !serverRoot ? &serverRoot.error() : nullptr})
        if (e) {
            failClosed(QString::fromStdString(e->toString()));
            return;
        }
    // Only the sandbox's user may reach this run's sockets: that is what makes
    // the socket an identity. A warden running as root gives each run a user
    // of its own, so one run (or any other "nobody" process on the host)
    // cannot reach another run's sockets, and per-uid limits are per run.
    SandboxSpec spec = m_config.sandbox;
    if (::getuid() == 0 && spec.uid == SandboxSpec{}.uid) {
        spec.uid = spec.gid = SandboxUser::forRun();
        m_config.sandbox.uid = spec.uid;
        m_config.sandbox.gid = spec.gid;
    }
    for (const std::string &path : m_config.handedDirs) {
        auto handed = std::make_unique<HandedDirectory>();
        if (auto ok = handed->hand(path, static_cast<uid_t>(spec.uid), static_cast<gid_t>(spec.gid)); !ok) {
            failClosed(QString::fromStdString(ok.error().toString()));
            return;
        }
        m_handed.push_back(std::move(handed));
    }
    if (::getuid() == 0)
        if (auto handed =
                SandboxWiring::handRunDirectory(dir, static_cast<uid_t>(spec.uid), static_cast<gid_t>(spec.gid));
            !handed) {
            failClosed(QString::fromStdString(handed.error().toString()));
            return;
        }
    // bwrap started by an unprivileged warden runs as the warden's user.
    const uid_t peer = m_config.hostKind == "bwrap" && ::getuid() != 0 ? ::getuid() : static_cast<uid_t>(spec.uid);
    m_gateway->setPeerUid(peer);
    m_proxy->setPeerUid(peer);
    m_syscalls->setPeerUid(peer);
    m_mcp->setPeerUid(peer);
    if (m_modelDoor)
        m_modelDoor->door().setPeerUid(peer);
    m_mcp->setServerRoot(*serverRoot, spec.uid, spec.gid);
    if (::getuid() == 0)
        m_mcp->setServerUsers(&SandboxUser::forRun);
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    spec.runId = m_runId;
    if (auto wired =
            SandboxWiring::addRunDirectory(spec, dir, *init, mcpDeclared ? *relay : std::string(), m_config.hostKind);
        !wired) {
        failClosed(QString::fromStdString(wired.error().toString()));
        return;
    }
    // Credentials files where agents look for them (in the agent's home),
    // watched from here.
    const QString canaryDir = dir + QStringLiteral("/canary-files");
    auto canaryBinds = QDir().mkdir(canaryDir)
                           ? m_canaryFiles->plant(canaryDir, m_canaries, SandboxWiring::homeOf(spec), spec.workdir)
                           : fail("cannot create the canary files' directory");
    if (!canaryBinds) {
        failClosed(QString::fromStdString(canaryBinds.error().toString()));
        return;
    }
    spec.binds.insert(spec.binds.end(), canaryBinds->begin(), canaryBinds->end());
    SandboxWiring::addEnvironment(spec, m_canaries, m_modelDoor != nullptr);

    std::vector<std::string> canaryNames;
    for (const auto &c : m_canaries)
        canaryNames.push_back(c.name);
    AuditRecord started = RunRecords::runStarted(m_runId, *m_config.declaration, m_config.source, m_config.hostKind);
    auto payload = nlohmann::json::parse(started.payload);
    payload["argv"] = m_config.sandbox.argv;
    payload["image"] = m_config.sandbox.image;
    payload["canaries"] = canaryNames; // names only: values never reach the log
    payload["launcher"] = m_config.launcher;
    payload["owner"] = WardenIdentity::self(); // so another warden's recovery leaves this run alone
    started.payload = payload.dump();
    // Booting the sandbox crosses no boundary: the start is committed with
    // the next group, beside the boot, and is durable before anything the
    // agent does leaves the sandbox (docs/AUDIT.md).
    recordGrouped({started, RunRecords::runState(m_runId, "starting", "booting the sandbox")});
    Q_EMIT stateChanged(QStringLiteral("starting"), tr("booting the sandbox"));
    m_sandbox->start(spec);
}

void LiveRun::kill(const QString &why)
{
    if (m_sandbox)
        m_sandbox->kill(why);
}

void LiveRun::record(std::vector<AuditRecord> records, std::function<void(bool)> then)
{
    // The run's quota: what ends a run is always recorded; past the quota,
    // nothing else is (the caller treats it as not recorded: denied).
    const bool ending = std::all_of(records.begin(), records.end(), [](const AuditRecord &r) {
        return r.type == "run_state" || r.type == "judgement";
    });
    if (m_overQuota && !ending) {
        QMetaObject::invokeMethod(
            this, [then] { then(false); }, Qt::QueuedConnection);
        return;
    }
    countAgainstQuota(records);
    QPointer<LiveRun> self(this);
    m_store.append(std::move(records), [self, then = std::move(then)](Result<std::int64_t> result) {
        const bool ok = result.has_value();
        const QString error = ok ? QString() : QString::fromStdString(result.error().toString());
        QMetaObject::invokeMethod(
            self.data(),
            [self, then, ok, error] {
                if (!self)
                    return;
                if (!ok)
                    self->failClosed(self->tr("the audit store failed: %1").arg(error));
                then(ok && !self->m_storeFailed);
            },
            Qt::QueuedConnection);
    });
}

std::function<bool(const Action &)> LiveRun::allowsAtOnce() const
{
    // Copies, shared with the door's thread: the engine and the scanner are
    // const and keep no state, and outlive this run if the thread does.
    auto engine = std::make_shared<const PolicyEngine>(m_config.declaration);
    auto scanner = std::make_shared<const CanaryScanner>(m_canaryScanner);
    return [engine, scanner, open = m_atOnce, grouped = m_grouped](const Action &given) {
        if (!open->load() || grouped->load() >= kMaxGrouped || !RunRecorder::staysInside(given.kind))
            return false;
        Action action = given;
        SyscallDoor::addCanaries(action, [&scanner](const std::string &text) { return scanner->find(text); });
        // Declared only: a program let run to be observed waits for its record.
        const Verdict verdict = engine->evaluate(action);
        return verdict.decision == Decision::Allow && verdict.declared;
    };
}

void LiveRun::recordAllowedAtOnce(Action action)
{
    m_canaryFiles->drain(); // canary opens so far go on record before this
    action.seq = ++m_seq;
    action.timeMs = QDateTime::currentMSecsSinceEpoch();
    Verdict verdict = m_engine.evaluate(action);
    verdict.seq = action.seq;
    if (verdict.decision != Decision::Allow) {
        // The same engine said otherwise on the door's thread; the record
        // says what happened: it went ahead.
        verdict.decision = Decision::Allow;
        verdict.reasons.push_back({"run", "let through at the door before the run judged it"});
    }
    Judgement judgement;
    std::vector<AuditRecord> records = judgedRecords(action, verdict, judgement);
    // Past the quota too: the doors stop at it, and what they let through
    // meanwhile (at most SyscallSupervisor::kMaxWaiting) ran. A move of the
    // judge's verdict is made durable (the program ran already).
    countAgainstQuota(records);
    const auto durability = records.size() > 2 ? AuditStore::Durability::Durable : AuditStore::Durability::Grouped;
    appendGrouped(std::move(records), durability);
    Q_EMIT actionJudged(action, verdict, judgement);
}

void LiveRun::countAgainstQuota(const std::vector<AuditRecord> &records)
{
    for (const auto &r : records) {
        ++m_recordCount;
        m_recordBytes += static_cast<std::int64_t>(r.payload.size());
    }
    if (!m_overQuota && (m_recordCount > m_config.maxRecords || m_recordBytes > m_config.maxRecordBytes)) {
        m_overQuota = true;
        m_atOnce->store(false);
        const QString why = tr("the run exceeded its audit quota (%1 records, %2 MiB); it was ended")
                                .arg(m_config.maxRecords)
                                .arg(m_config.maxRecordBytes / (1024 * 1024));
        QMetaObject::invokeMethod(
            this, [this, why] { kill(why); }, Qt::QueuedConnection);
    }
}

void LiveRun::recordGrouped(std::vector<AuditRecord> records)
{
    // Never waited for: only a failure comes back, and it fails the run
    // closed like any other. Past the quota nothing more is recorded, as
    // on the ordinary path (its callers checked m_overQuota first).
    if (m_overQuota) {
        record(std::move(records), [](bool) {});
        return;
    }
    countAgainstQuota(records);
    appendGrouped(std::move(records));
}

void LiveRun::appendGrouped(std::vector<AuditRecord> records, AuditStore::Durability durability)
{
    QPointer<LiveRun> self(this);
    const int count = durability == AuditStore::Durability::Grouped ? static_cast<int>(records.size()) : 0;
    *m_grouped += count;
    m_store.append(
        std::move(records),
        [self, grouped = m_grouped, count](Result<std::int64_t> result) {
            *grouped -= count;
            if (result)
                return;
            const QString error = QString::fromStdString(result.error().toString());
            QMetaObject::invokeMethod(
                self.data(),
                [self, error] {
                    if (self)
                        self->failClosed(self->tr("the audit store failed: %1").arg(error));
                },
                Qt::QueuedConnection);
        },
        durability);
}

void LiveRun::recordRefused(Action action, Reason reason)
{
    Verdict verdict;
    verdict.declared = false;
    verdict.decision = Decision::Deny;
    verdict.reasons.push_back(std::move(reason));
    recordDecided(std::move(action), std::move(verdict));
}

void LiveRun::recordDecided(Action action, Verdict verdict)
{
    m_canaryFiles->drain(); // canary opens so far go on record before this
    action.seq = ++m_seq;
    action.timeMs = QDateTime::currentMSecsSinceEpoch();
    recordJudged(std::move(action), std::move(verdict), [](const Action &, const Verdict &) {});
}

void LiveRun::addJudgementIfChanged(std::vector<AuditRecord> &records, const Judgement &judgement, std::int64_t seq)
{
    // A judgement record only when the label or the findings moved: the
    // timeline shows each change once. A benign summary moves with every
    // action (its count); the run's last judgement carries the final one.
    const std::string key =
        std::string(labelName(judgement.label)) + (judgement.findings.empty() ? std::string() : judgement.summary);
    if (key == m_lastJudgement)
        return;
    m_lastJudgement = key;
    records.push_back(RunRecords::judgement(m_runId, judgement, seq));
}

void LiveRun::onCanaryFileOpened(const std::string &shown, const std::string &path)
{
    Action action;
    action.kind = ActionKind::SecretRead;
    action.source = "syscall";
    action.name = shown;
    action.path = path;
    action.seq = ++m_seq;
    action.timeMs = QDateTime::currentMSecsSinceEpoch();
    // Seen after the fact (the open was never held): not a decision, a fact.
    // Its values are worthless outside this run; where they go next is the question.
    Verdict verdict;
    verdict.declared = false;
    verdict.decision = Decision::Allow;
    verdict.reasons.push_back({"canary_files", "read a planted credentials file; its values are this run's canaries"});
    recordJudged(std::move(action), std::move(verdict), [](const Action &, const Verdict &) {});
}

void LiveRun::judgeAndRecord(Action action, Recorded then, std::optional<Reason> denial)
{
    m_canaryFiles->drain(); // canary opens so far go on record before this
    action.seq = ++m_seq;
    action.timeMs = QDateTime::currentMSecsSinceEpoch();
    Verdict verdict = m_engine.evaluate(action);
    if (denial) {
        verdict.decision = Decision::Deny;
        verdict.reasons.push_back(std::move(*denial));
    }
    recordJudged(action, std::move(verdict), std::move(then));
}

std::vector<AuditRecord> LiveRun::judgedRecords(Action &action, Verdict &verdict, Judgement &judgement)
{
    verdict.seq = action.seq;
    // The judge sees what the agent sent; the store, the views and remote
    // clients see it with every canary value cut out.
    m_judge.observe(action, verdict);
    m_canaryScanner.redact(action);
    for (auto &reason : verdict.reasons)
        m_canaryScanner.redact(reason.message);
    judgement = m_judge.judgement();
    std::vector<AuditRecord> records{RunRecords::action(m_runId, action),
                                     RunRecords::verdict(m_runId, action, verdict)};
    addJudgementIfChanged(records, judgement, action.seq);
    return records;
}

void LiveRun::recordJudged(Action action, Verdict verdict, Recorded then)
{
    if (m_ended) {
        // After the run ended nothing is allowed any more.
        verdict.declared = false;
        verdict.decision = Decision::Deny;
        verdict.reasons.push_back({"run", "the run has ended"});
    }
    Judgement judgement;
    std::vector<AuditRecord> records = judgedRecords(action, verdict, judgement);
    // Commit at the boundary (docs/AUDIT.md): an allowed action whose effect
    // stays inside the sandbox goes ahead at once and is committed with the
    // next group. What crosses the boundary, what is refused or waits for a
    // person, and a move of the judge's verdict wait for their commit, which
    // makes everything queued before them durable too (the log is ordered).
    const bool staysInside = verdict.decision == Decision::Allow && verdict.declared && records.size() == 2 &&
                             RunRecorder::staysInside(action.kind) && m_grouped->load() < kMaxGrouped && !m_overQuota &&
                             !m_storeFailed && !m_ended;
    if (staysInside) {
        recordGrouped(std::move(records));
        Q_EMIT actionJudged(action, verdict, judgement);
        then(action, verdict);
        return;
    }
    record(std::move(records), [this, action, verdict, judgement, then = std::move(then)](bool ok) {
        Verdict effective = verdict;
        if (!ok) {
            effective.decision = Decision::Deny;
            effective.reasons.push_back({"store", "the action could not be recorded"});
        }
        Q_EMIT actionJudged(action, effective, judgement);
        then(action, effective);
    });
}

void LiveRun::say(const std::string &line)
{
    Q_EMIT agentOutput(QString::fromStdString(line));
    m_output->keep(line); // with the agent's output, so the console shows it later too
}

void LiveRun::failClosed(const QString &why)
{
    if (m_storeFailed)
        return;
    m_storeFailed = true;
    m_atOnce->store(false);
    kill(why);
    if (!m_ended && m_sandbox)
        finish(Sandbox::End::Failed, -1, why);
}

void LiveRun::finish(Sandbox::End how, int exitCode, const QString &reported)
{
    if (m_ended)
        return;
    // The shell's conventions for a command that never ran say why, with the
    // agent's last words (what the shell or the loader printed).
    QString detail = reported;
    if (how == Sandbox::End::Failed && (exitCode == 126 || exitCode == 127)) {
        detail += exitCode == 127 ? QStringLiteral(": the command was not found in the sandbox")
                                  : QStringLiteral(": the command was found but could not be run");
        if (!m_lastOutputLine.empty())
            detail += QStringLiteral(" (its last words: %1)").arg(QString::fromStdString(m_lastOutputLine));
    }
    m_canaryFiles->drain(); // canary opens so far go on record before this
    // The workspace and home back to their owners: the agent is gone.
    int notGivenBack = 0;
    for (const auto &handed : m_handed)
        notGivenBack += handed->takeBack();
    m_handed.clear();
    if (notGivenBack > 0)
        detail += QStringLiteral(" (%1 entries of its workspace or home could not be given back to their owners)")
                      .arg(notGivenBack);
    m_syscallDoor->end(); // the last counts go on record before the run's end
    m_ended = true;
    m_atOnce->store(false);
    m_output->flush(true); // and the output's last lines, with what was not kept
    m_syscalls->stop();    // a call still waiting fails: nothing runs on after the end
    // What the supervisor let through before it stopped goes on record
    // before the run's last records.
    QCoreApplication::sendPostedEvents(m_syscalls, QEvent::MetaCall);
    if (const QString limit = m_sandbox ? m_sandbox->limitHit() : QString(); !limit.isEmpty())
        m_judge.observeLimit(limit.toStdString(), m_seq);
    // Why a pending request ended early: a stop says who stopped the run.
    m_approvals.expireRun(m_runId, how == Sandbox::End::Killed && !detail.isEmpty()
                                       ? "the run was " + detail.toStdString() + ", before a decision"
                                       : std::string("the run ended before a decision"));
    const QString state = how == Sandbox::End::Finished ? QStringLiteral("finished")
                          : how == Sandbox::End::Killed ? QStringLiteral("killed")
                                                        : QStringLiteral("failed");
    AuditRecord stateRecord = RunRecords::runState(m_runId, state.toStdString(), detail.toStdString());
    stateRecord.payload =
        nlohmann::json{{"state", state.toStdString()}, {"reason", detail.toStdString()}, {"exit_code", exitCode}}
            .dump();
    QPointer<LiveRun> self(this);
    auto done = [self, state, detail](bool) {
        if (!self)
            return;
        self->m_gateway->close();
        self->m_proxy->close();
        self->m_mcp->close();
        if (self->m_modelDoor)
            self->m_modelDoor->door().close();
        Q_EMIT self->stateChanged(state, detail);
        Q_EMIT self->ended(state, detail);
    };
    if (m_storeFailed) {
        done(false);
        return;
    }
    record({RunRecords::judgement(m_runId, m_judge.judgement(), m_seq), stateRecord}, done);
}

} // namespace warden
