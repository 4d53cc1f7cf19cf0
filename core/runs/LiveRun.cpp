#include "core/runs/LiveRun.h"
#include "core/common/WardenIdentity.h"

#include "core/egress/EgressProxy.h"
#include "core/json/WireJson.h"
#include "core/mcp/McpBridge.h"
#include "core/mcp/McpToolDiff.h"
#include "core/policy/Url.h"
#include "core/runs/Canaries.h"
#include "core/runs/CanaryFiles.h"
#include "core/runs/CodeScan.h"
#include "core/runs/RunRecovery.h"
#include "core/runs/SandboxUser.h"
#include "core/runs/ToolExecution.h"
#include "core/sandbox/SeccompFilter.h"
#include "core/scenarios/ResourcePaths.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"
#include "core/supervise/SyscallSupervisor.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>
#include <QUuid>

#include <cerrno>
#include <unistd.h>

namespace warden {

namespace {

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::string reasonsText(const Verdict &v)
{
    std::string out;
    for (const auto &r : v.reasons)
        out += (out.empty() ? "" : "; ") + r.message;
    return out;
}

} // namespace

LiveRun::LiveRun(RunConfig config, AuditStore &store, ApprovalQueue &approvals, std::unique_ptr<Sandbox> sandbox,
                 QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_store(store),
      m_approvals(approvals),
      m_sandbox(std::move(sandbox)),
      m_engine(m_config.declaration),
      m_canaries(Canaries::generate(m_config.sandbox.env)),
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
    m_sandbox->setParent(nullptr);
    // One egress policy for the agent's proxy and for MCP servers at a URL.
    auto egress = [this](Action action, const std::function<void(bool, std::string)> &done) {
        judgeAndRecord(std::move(action), [done](const Action &, const Verdict &v) {
            done(v.decision == Decision::Allow, v.reasons.empty() ? std::string("not allowed") : reasonsText(v));
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
    connect(m_gateway, &GatewayServer::requestReceived, this, &LiveRun::onRequest);
    connect(m_syscalls, &SyscallSupervisor::noticed, this, &LiveRun::onSyscall);
    m_repeatFlush = new QTimer(this);
    m_repeatFlush->setSingleShot(true);
    m_repeatFlush->setInterval(1000);
    connect(m_repeatFlush, &QTimer::timeout, this, &LiveRun::flushRepeats);
    m_outputFlush = new QTimer(this);
    m_outputFlush->setSingleShot(true);
    m_outputFlush->setInterval(500);
    connect(m_outputFlush, &QTimer::timeout, this, &LiveRun::flushOutput);
    connect(m_canaryFiles, &CanaryFiles::opened, this,
            [this](const CanaryFiles::File &f) { onCanaryFileOpened(f.shown, f.sandboxPath); });
    auto violation = [this](const QString &what) {
        // A short excerpt: the agent chose much of this text and could make
        // it 256 KiB a line.
        constexpr qsizetype kMaxWhat = 240;
        const QString excerpt = what.size() > kMaxWhat ? what.left(kMaxWhat) + QStringLiteral("…") : what;
        AuditRecord r;
        r.runId = m_runId;
        r.type = "protocol_violation";
        r.payload = nlohmann::json{{"what", excerpt.toStdString()}}.dump(-1, ' ', false,
                                                                         nlohmann::json::error_handler_t::replace);
        m_judge.observeProtocolViolation(m_seq);
        std::vector<AuditRecord> records{r};
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
    connect(m_mcp, &McpBridge::callReceived, this, &LiveRun::onMcpCall);
    connect(m_mcp, &McpBridge::callAnswered, this, &LiveRun::onMcpAnswered);
    connect(m_mcp, &McpBridge::toolHeld, this, [this](const QString &server, const nlohmann::json &held) {
        // On record with both definitions, and said to whoever watches the
        // run as a diff (the console's output tab, wardenctl run).
        AuditRecord r;
        r.runId = m_runId;
        r.type = "mcp_tool_held";
        r.seq = m_seq;
        nlohmann::json payload = held;
        payload["server"] = server.toStdString();
        std::string text = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        m_canaryScanner.redact(text);
        r.payload = text.size() <= 64 * 1024 ? text
                                             : nlohmann::json{{"server", server.toStdString()},
                                                              {"tool", held.value("tool", "")},
                                                              {"pinned", held.value("pinned", "")},
                                                              {"now", held.value("now", "")}}
                                                   .dump();
        record({r}, [](bool) {});
        for (const QString &line : McpToolDiff::lines(held)) {
            std::string shown = "[warden] " + line.toStdString();
            m_canaryScanner.redact(shown);
            Q_EMIT agentOutput(QString::fromStdString(shown));
            keepOutput(std::move(shown)); // with the agent's output, so the console shows it later too
        }
    });
    connect(m_mcp, &McpBridge::serverProblem, this, [this](const QString &server, const QString &what) {
        // The server's fault, not the agent's: on record, not held against it.
        std::string text = what.left(240).toStdString();
        m_canaryScanner.redact(text);
        AuditRecord r;
        r.runId = m_runId;
        r.type = "mcp_server";
        r.seq = m_seq;
        r.payload = nlohmann::json{{"server", server.toStdString()}, {"what", text}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
        record({r}, [](bool) {});
        Q_EMIT agentOutput(QStringLiteral("[warden] ") + QString::fromStdString(text));
    });
    connect(m_syscalls, &SyscallSupervisor::problem, this, violation);
    connect(m_proxy, &EgressProxy::protocolViolation, this, violation);
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
        keepOutput(std::move(text));
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
        QPointer<LiveRun> self(this);
        record({r}, [self](bool) {
            if (self && !self->m_ended)
                self->setState(QStringLiteral("running"), self->m_sandbox->description());
        });
    });
    connect(m_sandbox.get(), &Sandbox::ended, this, &LiveRun::finish);
}

LiveRun::~LiveRun()
{
    if (!m_ended)
        m_approvals.expireRun(m_runId, "the warden stopped");
    // The sandbox goes first: it must not outlive the sockets it talks to.
    m_sandbox.reset();
}

void LiveRun::setState(const QString &state, const QString &detail)
{
    Q_EMIT stateChanged(state, detail);
}

void LiveRun::start()
{
    if (!m_dir.isValid()) {
        failClosed(tr("cannot create the run directory"));
        return;
    }
    const QString dir = m_dir.path();
    auto gateway = m_gateway->listen(dir + QStringLiteral("/gateway.sock"));
    auto proxy = gateway ? m_proxy->listen(dir + QStringLiteral("/proxy.sock")) : Result<void>();
    auto syscalls = proxy ? m_syscalls->listen(dir + QStringLiteral("/supervisor.sock")) : Result<void>();
    auto mcp = syscalls ? m_mcp->listen(dir + QStringLiteral("/mcp.sock")) : Result<void>();
    // The sandbox's init: without it the agent would run unsupervised, so the run does not start.
    auto init = mcp ? ResourcePaths::initProgram() : Result<std::string>(std::string());
    // With MCP servers declared: the relay their clients start (installed
    // beside the init), and the root the servers run on.
    const bool mcpDeclared = !m_config.declaration->mcpServers.empty();
    Result<std::string> relay = std::string();
    Result<std::string> serverRoot = m_config.mcpServerRoot;
    if (init && mcpDeclared) {
        const QString path = QFileInfo(QString::fromStdString(*init)).absolutePath() + QStringLiteral("/warden-mcp");
        relay = QFileInfo(path).isExecutable()
                    ? Result<std::string>(path.toStdString())
                    : fail("cannot find warden-mcp, the sandbox's MCP relay", {}, 0, path.toStdString());
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
    if (::getuid() == 0) {
        for (const char *name : {"", "/gateway.sock", "/proxy.sock", "/supervisor.sock", "/mcp.sock"})
            if (::chown((dir + QLatin1String(name)).toLocal8Bit().constData(), static_cast<uid_t>(spec.uid),
                        static_cast<gid_t>(spec.gid)) != 0) {
                failClosed(tr("cannot hand the run directory to the sandbox user"));
                return;
            }
    }
    // bwrap started by an unprivileged warden runs as the warden's user.
    const uid_t peer = m_config.hostKind == "bwrap" && ::getuid() != 0 ? ::getuid() : static_cast<uid_t>(spec.uid);
    m_gateway->setPeerUid(peer);
    m_proxy->setPeerUid(peer);
    m_syscalls->setPeerUid(peer);
    m_mcp->setPeerUid(peer);
    m_mcp->setServerRoot(*serverRoot, spec.uid, spec.gid);
    if (::getuid() == 0)
        m_mcp->setServerUsers(&SandboxUser::forRun);
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    spec.runId = m_runId;
    // Read-only: a socket is reached through a read-only mount all the same,
    // and the agent has nothing to write into the warden's run directory.
    spec.binds.insert(spec.binds.begin(), SandboxSpec::Bind{dir.toStdString(), "/run/warden", false});
    spec.binds.insert(spec.binds.begin() + 1, SandboxSpec::Bind{*init, "/run/warden-init", false});
    if (mcpDeclared) {
        // A directory of its own, so that it mounts over /opt/warden/bin
        // even where /opt/warden is the agent SDK's read-only mount.
        const QString bin = dir + QStringLiteral("/mcp-bin");
        const QString copy = bin + QStringLiteral("/warden-mcp");
        if (!QDir().mkdir(bin) || !QFile::copy(QString::fromStdString(*relay), copy) ||
            !QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                             QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther)) {
            failClosed(tr("cannot put the MCP relay in place for the sandbox"));
            return;
        }
        spec.binds.push_back({bin.toStdString(), "/opt/warden/bin", false}); // last: over any /opt/warden
    }
    // Credentials files where agents look for them, watched from here.
    const QString canaryDir = dir + QStringLiteral("/canary-files");
    // In the agent's home: /tmp, or the one the run gives it (an agent CLI's).
    std::string home = "/tmp";
    for (const auto &[key, value] : spec.env)
        if (key == "HOME")
            home = value;
    auto canaryBinds = QDir().mkdir(canaryDir) ? m_canaryFiles->plant(canaryDir, m_canaries, home, spec.workdir)
                                               : fail("cannot create the canary files' directory");
    if (!canaryBinds) {
        failClosed(QString::fromStdString(canaryBinds.error().toString()));
        return;
    }
    spec.binds.insert(spec.binds.end(), canaryBinds->begin(), canaryBinds->end());
    // For a container engine that reads its seccomp profile from a file
    // (Podman); bubblewrap takes its filter as a program, not this file.
    if (m_config.hostKind != "bwrap") {
        QFile profile(dir + QStringLiteral("/seccomp.json"));
        const std::string profileText = SeccompFilter::dockerProfile(true).dump();
        if (!profile.open(QIODevice::WriteOnly) ||
            profile.write(profileText.data(), static_cast<qint64>(profileText.size())) !=
                static_cast<qint64>(profileText.size())) {
            failClosed(tr("cannot write the sandbox's seccomp profile"));
            return;
        }
        profile.close();
        QFile::setPermissions(profile.fileName(),
                              QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        spec.seccompProfileFile = profile.fileName().toStdString();
    }
    spec.argv.insert(spec.argv.begin(), "/run/warden-init");
    spec.supervised = true;
    // The run's own variables win over the config's (the agent reaches the
    // network and the warden only as these say); the defaults after them
    // only where the config set none (an agent's HOME, its PATH).
    auto setEnv = [&spec](const char *key, const char *value, bool warden) {
        auto same = [key](const auto &kv) { return kv.first == key; };
        if (warden)
            std::erase_if(spec.env, same);
        else if (std::any_of(spec.env.begin(), spec.env.end(), same))
            return;
        spec.env.emplace_back(key, value);
    };
    for (const auto &[key, value] : {std::pair{"WARDEN_GATEWAY", "/run/warden/gateway.sock"},
                                     {"WARDEN_PROXY_SOCKET", "/run/warden/proxy.sock"},
                                     {"WARDEN_SUPERVISOR_SOCKET", "/run/warden/supervisor.sock"},
                                     {"WARDEN_MCP_SOCKET", "/run/warden/mcp.sock"},
                                     {"HTTP_PROXY", "http://127.0.0.1:3128"},
                                     {"HTTPS_PROXY", "http://127.0.0.1:3128"},
                                     {"http_proxy", "http://127.0.0.1:3128"},
                                     {"https_proxy", "http://127.0.0.1:3128"}})
        setEnv(key, value, true);
    for (const auto &[key, value] : {std::pair{"HOME", "/tmp"},
                                     {"PATH", "/usr/local/bin:/usr/bin:/bin"},
                                     {"LANG", "C.UTF-8"},
                                     {"PYTHONDONTWRITEBYTECODE", "1"},
                                     {"PYTHONUNBUFFERED", "1"}})
        setEnv(key, value, false);
    for (const auto &c : m_canaries)
        spec.env.emplace_back(c.name, c.value);

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
    QPointer<LiveRun> self(this);
    record({started, RunRecords::runState(m_runId, "starting", "booting the sandbox")}, [self, spec](bool ok) {
        if (!self || !ok)
            return;
        self->setState(QStringLiteral("starting"), self->tr("booting the sandbox"));
        self->m_sandbox->start(spec);
    });
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
    for (const auto &r : records) {
        ++m_recordCount;
        m_recordBytes += static_cast<std::int64_t>(r.payload.size());
    }
    if (!m_overQuota && (m_recordCount > m_config.maxRecords || m_recordBytes > m_config.maxRecordBytes)) {
        m_overQuota = true;
        const QString why = tr("the run exceeded its audit quota (%1 records, %2 MiB); it was ended")
                                .arg(m_config.maxRecords)
                                .arg(m_config.maxRecordBytes / (1024 * 1024));
        QMetaObject::invokeMethod(
            this, [this, why] { kill(why); }, Qt::QueuedConnection);
    }
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

void LiveRun::recordRefused(Action action, Reason reason)
{
    catchUpFileReads();
    action.seq = ++m_seq;
    action.timeMs = nowMs();
    Verdict verdict;
    verdict.declared = false;
    verdict.decision = Decision::Deny;
    verdict.reasons.push_back(std::move(reason));
    recordJudged(std::move(action), std::move(verdict), [](const Action &, const Verdict &) {});
}

Action LiveRun::redacted(Action action) const
{
    m_canaryScanner.redact(action.params);
    for (std::string *text : {&action.justification, &action.host, &action.url, &action.name, &action.path})
        m_canaryScanner.redact(*text);
    for (auto &word : action.argv)
        m_canaryScanner.redact(word);
    return action;
}

void LiveRun::addJudgementIfChanged(std::vector<AuditRecord> &records, const Judgement &judgement, std::int64_t seq)
{
    // A judgement record only when the label or the summary moved: the
    // timeline shows each change once.
    const std::string key = std::string(labelName(judgement.label)) + judgement.summary;
    if (key == m_lastJudgement)
        return;
    m_lastJudgement = key;
    records.push_back(RunRecords::judgement(m_runId, judgement, seq));
}

void LiveRun::catchUpFileReads()
{
    // Opens of the canary files are queued by the kernel as they happen;
    // reading them now puts each before the action that came after it.
    m_canaryFiles->drain();
}

void LiveRun::onCanaryFileOpened(const std::string &shown, const std::string &path)
{
    Action action;
    action.kind = ActionKind::SecretRead;
    action.source = "syscall";
    action.name = shown;
    action.path = path;
    action.seq = ++m_seq;
    action.timeMs = nowMs();
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
    catchUpFileReads();
    action.seq = ++m_seq;
    action.timeMs = nowMs();
    Verdict verdict = m_engine.evaluate(action);
    if (denial) {
        verdict.decision = Decision::Deny;
        verdict.reasons.push_back(std::move(*denial));
    }
    recordJudged(action, std::move(verdict), std::move(then));
}

void LiveRun::recordJudged(Action action, Verdict verdict, Recorded then)
{
    if (m_ended) {
        // After the run ended nothing is allowed any more.
        verdict.declared = false;
        verdict.decision = Decision::Deny;
        verdict.reasons.push_back({"run", "the run has ended"});
    }
    verdict.seq = action.seq;
    // The judge sees what the agent sent; the store, the views and remote
    // clients see it with every canary value cut out.
    m_judge.observe(action, verdict);
    action = redacted(std::move(action));
    for (auto &reason : verdict.reasons)
        m_canaryScanner.redact(reason.message);
    const Judgement judgement = m_judge.judgement();
    std::vector<AuditRecord> records{RunRecords::action(m_runId, action),
                                     RunRecords::verdict(m_runId, action, verdict)};
    addJudgementIfChanged(records, judgement, action.seq);
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

void LiveRun::onSyscall(const SyscallNotice &notice)
{
    Action action = notice.toAction();
    // A canary in a program's arguments or a DNS name is data on its way out.
    if (action.kind == ActionKind::Process) {
        std::string words;
        for (const auto &word : action.argv)
            words += word + ' ';
        action.canaries = m_canaryScanner.find(words);
    } else if (action.kind == ActionKind::Egress) {
        action.canaries = m_canaryScanner.find(action.host);
    }
    QPointer<SyscallSupervisor> syscalls(m_syscalls);
    const std::uint64_t id = notice.id;
    if (notice.unreadable) {
        // Never guessed: what cannot be read is refused, and that is on record.
        recordRefused(std::move(action), {"syscalls", "the call's arguments could not be read (" + notice.why + ")"});
        m_syscalls->deny(id, EPERM);
        return;
    }
    if (notice.launch) {
        // The run's own command, as the launcher chose it: let through at once
        // (the agent is not running yet) and on record as the first process.
        // What opened the canary files so far was the sandbox being set up.
        m_canaryFiles->arm();
        m_syscalls->allow(id);
        action.seq = ++m_seq;
        action.timeMs = nowMs();
        Verdict v;
        v.seq = action.seq;
        v.declared = true;
        v.decision = Decision::Allow;
        v.rule = "run: the command the run was started with";
        recordJudged(std::move(action), std::move(v), [](const Action &, const Verdict &) {});
        return;
    }
    const bool missing = notice.missing;
    const bool exec = notice.kind == supervised::CallClass::Exec;
    if (exec && !missing) {
        auto last = m_refusedExec.find(notice.pid);
        if (last != m_refusedExec.end() && last->second.argv == notice.argv && last->second.path != notice.path) {
            last->second.path = notice.path;
            m_syscalls->deny(id, EPERM);
            return;
        }
    }
    // A call refused kRecordedRepeats times already is refused again at once,
    // counted, not recorded one by one (programs keep their own retry logic
    // for execs: see m_refusedExec).
    std::string repeatKey;
    if (!exec && !missing) {
        nlohmann::json what = action.toJson();
        what.erase("seq");
        what.erase("time");
        repeatKey = what.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (auto it = m_repeats.find(repeatKey); it != m_repeats.end() && it->second.recorded >= kRecordedRepeats) {
            m_syscalls->deny(id, EPERM);
            ++it->second.unrecorded;
            if (!m_repeatFlush->isActive())
                m_repeatFlush->start();
            return;
        }
    }
    QPointer<LiveRun> self(this);
    const int pid = notice.pid;
    RefusedExec attempt;
    if (exec && !missing)
        attempt = {notice.path, notice.argv};
    judgeAndRecord(std::move(action), [self, syscalls, id, missing, pid, attempt = std::move(attempt),
                                       repeatKey = std::move(repeatKey),
                                       second = notice.alsoChanges()](const Action &judged, const Verdict &verdict) {
        const bool allowed = verdict.decision == Decision::Allow;
        if (allowed && !second.empty() && self) {
            // A rename or link between two places outside the scratch: the
            // second is judged on its own, and the call goes ahead only if
            // both may.
            Action other = judged;
            other.seq = 0;
            other.timeMs.reset();
            other.path = second;
            self->judgeAndRecord(std::move(other), [syscalls, id](const Action &, const Verdict &v) {
                if (syscalls)
                    v.decision == Decision::Allow ? syscalls->allow(id) : syscalls->deny(id, EPERM);
            });
            return;
        }
        if (self && !allowed && !repeatKey.empty() &&
            (self->m_repeats.contains(repeatKey) || self->m_repeats.size() < kMaxRepeatKeys)) {
            RepeatedRefusal &r = self->m_repeats[repeatKey];
            ++r.recorded;
            r.lastSeq = judged.seq;
            r.what = judged.describe();
        }
        if (self && !attempt.path.empty()) {
            if (allowed)
                self->m_refusedExec.erase(pid);
            else if (self->m_refusedExec.contains(pid) || self->m_refusedExec.size() < SyscallSupervisor::kMaxWaiting)
                self->m_refusedExec[pid] = attempt;
        }
        if (!syscalls)
            return; // the listener went with it: the call failed closed
        if (missing)
            syscalls->deny(id, ENOENT); // nothing there to run, whatever the verdict
        else if (allowed)
            syscalls->allow(id);
        else
            syscalls->deny(id, EPERM);
    });
}

void LiveRun::flushOutput()
{
    const bool dropNote = m_outputDropped > 0 && !m_outputDroppedRecorded && m_ended;
    if (m_outputLines.empty() && !dropNote)
        return;
    AuditRecord r;
    r.runId = m_runId;
    r.type = "output";
    r.seq = m_seq;
    nlohmann::json payload = {{"lines", std::move(m_outputLines)}};
    if (dropNote) {
        payload["not_stored"] = m_outputDropped; // lines past the run's output budget
        m_outputDroppedRecorded = true;
    }
    m_outputLines.clear();
    r.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    record({std::move(r)}, [](bool) {});
}

void LiveRun::flushRepeats()
{
    std::vector<AuditRecord> records;
    for (auto &[key, r] : m_repeats) {
        if (r.unrecorded == 0)
            continue;
        std::string what = r.what;
        m_canaryScanner.redact(what);
        AuditRecord record;
        record.runId = m_runId;
        record.type = "repeated_refusal";
        record.seq = m_seq;
        record.payload = nlohmann::json{{"what", what}, {"count", r.unrecorded}, {"last_recorded_seq", r.lastSeq}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
        records.push_back(std::move(record));
        r.unrecorded = 0;
    }
    if (!records.empty())
        record(std::move(records), [](bool) {});
}

void LiveRun::onRequest(quint64 connection, const GatewayRequest &request)
{
    Action a;
    a.kind = ActionKind::ToolCall;
    a.source = "gateway";
    a.tool = request.tool;
    a.params = request.params;
    a.justification = request.justification;
    a.canaries = m_canaryScanner.find(request.params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    judgeAndRecord(std::move(a), [this, connection, request](const Action &action, const Verdict &verdict) {
        GatewayRequest judged = request;
        judged.actionSeq = action.seq; // the response record names the action it answers
        routeVerdict(connection, judged, action, verdict);
    });
}

void LiveRun::onMcpCall(const McpCall &call)
{
    Action a;
    a.kind = ActionKind::ToolCall;
    a.source = "mcp";
    a.tool = call.tool;
    a.params = call.params;
    a.canaries = m_canaryScanner.find(call.params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    auto then = [this, call](const Action &action, const Verdict &verdict) {
        GatewayRequest request;
        request.id = call.method + "#" + std::to_string(call.id & 0xffffffffU);
        request.tool = call.tool;
        request.params = call.params;
        request.actionSeq = action.seq;
        request.mcpCall = call.id;
        m_mcpCalls[call.id] = {request, GatewayAnswer::Allow, call.description, call.inputSchema};
        routeVerdict(0, request, action, verdict);
    };
    // A pinned tool whose definition changed: denied whatever the
    // declaration says of its parameters, with why on the record.
    std::optional<Reason> held;
    if (!call.held.empty())
        held = Reason{"tools." + call.tool + ".pinned", call.held};
    judgeAndRecord(std::move(a), std::move(then), std::move(held));
}

void LiveRun::onMcpAnswered(std::uint64_t call, const nlohmann::json &result, bool isError, const QString &error)
{
    auto it = m_mcpCalls.find(call);
    if (it == m_mcpCalls.end())
        return;
    const McpPending pending = std::move(it->second);
    m_mcpCalls.erase(it);
    // What the server returned, as the reviewer may read it: canaries cut
    // out, and at most 16 KiB of it (the agent gets it whole).
    constexpr std::size_t kMaxStored = 16 * 1024;
    std::string text =
        result.is_null() ? std::string() : result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::size_t bytes = text.size();
    m_canaryScanner.redact(text);
    if (text.size() > kMaxStored)
        text = text.substr(0, kMaxStored) + "…";
    std::string reason = error.isEmpty() ? std::string("answered by the MCP server") : error.toStdString();
    m_canaryScanner.redact(reason);
    record({RunRecords::response(m_runId, pending.request.actionSeq,
                                 {{"request_id", pending.request.id},
                                  {"tool", pending.request.tool},
                                  {"decision", gatewayAnswerName(pending.decided)},
                                  {"reason", reason},
                                  {"answers", pending.request.actionSeq},
                                  {"result", text},
                                  {"result_bytes", bytes},
                                  {"is_error", isError}})},
           [](bool) {});
}

void LiveRun::routeVerdict(quint64 connection, const GatewayRequest &request, const Action &action,
                           const Verdict &verdict)
{
    switch (verdict.decision) {
    case Decision::Deny: answer(connection, request, GatewayAnswer::Deny, reasonsText(verdict)); return;
    case Decision::ApprovalRequired: requestApproval(connection, request, action, verdict); return;
    case Decision::Allow: break;
    }
    auto code = m_config.codeTools.find(request.tool);
    if (code != m_config.codeTools.end() && request.params.contains(code->second) &&
        request.params.at(code->second).is_string()) {
        scanCode(connection, request, request.params.at(code->second).get<std::string>());
        return;
    }
    execute(connection, request, GatewayAnswer::Allow);
}

void LiveRun::answer(quint64 connection, const GatewayRequest &request, GatewayAnswer answer, const std::string &reason,
                     const nlohmann::json &result)
{
    const char *decision = gatewayAnswerName(answer);
    // The decision itself is already durable (the action and its verdict, or
    // the approval record, were committed first); the answer's own record is
    // queued behind it and need not hold the agent up.
    std::string storedReason = reason;
    m_canaryScanner.redact(storedReason);
    record({RunRecords::response(m_runId, request.actionSeq,
                                 {{"request_id", request.id},
                                  {"tool", request.tool},
                                  {"decision", decision},
                                  {"reason", storedReason},
                                  {"answers", request.actionSeq}})},
           [](bool) {});
    if (request.mcpCall != 0) {
        // Through MCP a refusal is the tool's result (isError, with the
        // reason), so the model reads why.
        m_mcpCalls.erase(request.mcpCall);
        m_mcp->refuse(request.mcpCall, reason);
        return;
    }
    m_gateway->reply(connection, {{"id", request.id}, {"decision", decision}, {"reason", reason}, {"result", result}});
}

void LiveRun::scanCode(quint64 connection, const GatewayRequest &request, const std::string &code)
{
    // Fail closed at every step: code that was not scanned does not run.
    QPointer<LiveRun> self(this);
    CodeScan::start(
        m_config.scannerRoot, m_config.scannerScript, code, this,
        [self, connection, request](Result<std::vector<Action>> found) {
            if (!found) {
                self->answer(connection, request, GatewayAnswer::Deny, found.error().message + ": do not run it");
                return;
            }
            if (found->empty()) {
                self->execute(connection, request, GatewayAnswer::Allow);
                return;
            }
            // Every action the code would take is judged and recorded; one that
            // is not allowed keeps the code from running.
            auto denied = std::make_shared<std::vector<std::int64_t>>();
            auto remaining = std::make_shared<std::size_t>(found->size());
            for (auto &a : *found) {
                self->judgeAndRecord(
                    std::move(a), [self, connection, request, denied, remaining](const Action &act, const Verdict &v) {
                        if (v.decision != Decision::Allow)
                            denied->push_back(act.seq);
                        if (--*remaining > 0 || !self)
                            return;
                        if (denied->empty()) {
                            self->execute(connection, request, GatewayAnswer::Allow);
                            return;
                        }
                        std::string list;
                        for (auto seq : *denied)
                            list += (list.empty() ? "" : ", ") + std::to_string(seq);
                        self->answer(connection, request, GatewayAnswer::Deny,
                                     "the code would do undeclared things (actions " + list + "); do not run it");
                    });
            }
        });
}

void LiveRun::execute(quint64 connection, const GatewayRequest &request, GatewayAnswer decided)
{
    if (request.mcpCall != 0) {
        // The server carries it out; its answer is recorded on the way back.
        if (auto it = m_mcpCalls.find(request.mcpCall); it != m_mcpCalls.end())
            it->second.decided = decided;
        m_mcp->allow(request.mcpCall);
        return;
    }
    auto it = m_config.executors.find(request.tool);
    if (it == m_config.executors.end()) {
        answer(connection, request, decided,
               decided == GatewayAnswer::Approved
                   ? "approved, but no executor is configured for this tool on the warden: nothing was run"
                   : "declared");
        return;
    }
    const ToolExecutor &executor = it->second;
    auto addresses = BuiltinExecutor::Addresses::PublicOnly;
    if (executor.kind == ToolExecutor::Kind::Http && request.params.contains(executor.urlParam) &&
        request.params.at(executor.urlParam).is_string())
        if (auto url = Url::parse(request.params.at(executor.urlParam).get<std::string>());
            url && m_config.declaration->mayReachInternal(url->host, url->port))
            addresses = BuiltinExecutor::Addresses::InternalToo;
    const bool builtin = executor.kind != ToolExecutor::Kind::Argv;
    QPointer<LiveRun> self(this);
    ToolExecution::start(executor, request.params, addresses, this,
                         [self, connection, request, decided, builtin](Result<nlohmann::json> result) {
                             if (result)
                                 self->answer(connection, request, decided, "executed by the warden", *result);
                             else if (builtin)
                                 self->answer(connection, request, decided,
                                              std::string(gatewayAnswerName(decided)) +
                                                  ", but the executor failed: " + result.error().message);
                             else // a command that could not start ran nothing
                                 self->answer(connection, request, GatewayAnswer::Deny, result.error().message);
                         });
}

void LiveRun::requestApproval(quint64 connection, const GatewayRequest &request, const Action &action,
                              const Verdict &verdict)
{
    ApprovalRequest a;
    a.runId = m_runId;
    a.agent = m_config.declaration->agent;
    a.seq = action.seq;
    a.tool = request.tool;
    a.params = action.params; // redacted
    a.justification = action.justification;
    a.rule = verdict.rule;
    a.requestedMs = nowMs();
    a.deadlineMs = a.requestedMs + static_cast<std::int64_t>(m_config.approvalTimeoutSeconds) * 1000;
    a.launcher = m_config.launcher;
    a.launcherMayDecide = m_config.launcherMayApprove;
    if (auto mcp = m_mcpCalls.find(request.mcpCall); request.mcpCall != 0 && mcp != m_mcpCalls.end()) {
        a.toolDescription = mcp->second.description;
        a.inputSchema = mcp->second.inputSchema;
    }
    QPointer<LiveRun> self(this);
    // The request is on record (as pending) before any reviewer can see it,
    // so a warden that dies now is known to have left it undecided.
    a.id = QUuid::createUuid().toString(QUuid::Id128).left(8).toStdString();
    record({RunRecords::approval(a)}, [self, a, connection, request](bool ok) {
        if (!self)
            return;
        if (!ok) {
            self->answer(connection, request, GatewayAnswer::Expired, "the request could not be recorded");
            return;
        }
        self->submitApproval(a, connection, request);
    });
}

void LiveRun::submitApproval(const ApprovalRequest &a, quint64 connection, const GatewayRequest &request)
{
    QPointer<LiveRun> self(this);
    m_approvals.submit(a, [self, connection, request](const ApprovalRequest &r) {
        if (!self)
            return;
        self->record({RunRecords::approval(r)}, [self, connection, request, r](bool ok) {
            if (!self)
                return;
            if (!ok || r.state == ApprovalState::Expired) {
                self->answer(connection, request, GatewayAnswer::Expired,
                             r.reason.empty() ? "no decision before the deadline" : r.reason);
            } else if (r.state == ApprovalState::Rejected) {
                self->answer(connection, request, GatewayAnswer::Rejected, r.reason);
            } else {
                self->execute(connection, request, GatewayAnswer::Approved);
            }
        });
    });
}

void LiveRun::failClosed(const QString &why)
{
    if (m_storeFailed)
        return;
    m_storeFailed = true;
    kill(why);
    if (!m_ended && m_sandbox)
        finish(Sandbox::End::Failed, -1, why);
}

void LiveRun::keepOutput(std::string line)
{
    const auto bytes = static_cast<std::int64_t>(line.size()) + 1;
    if (m_outputBytes + bytes > kMaxStoredOutputBytes) {
        ++m_outputDropped;
    } else {
        m_outputBytes += bytes;
        m_outputLines.push_back(std::move(line));
    }
    if (!m_outputFlush->isActive())
        m_outputFlush->start();
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
    catchUpFileReads();
    // The workspace and home back to their owners: the agent is gone.
    int notGivenBack = 0;
    for (const auto &handed : m_handed)
        notGivenBack += handed->takeBack();
    m_handed.clear();
    if (notGivenBack > 0)
        detail += QStringLiteral(" (%1 entries of its workspace or home could not be given back to their owners)")
                      .arg(notGivenBack);
    m_repeatFlush->stop();
    flushRepeats(); // the last counts go on record before the run's end
    m_ended = true;
    m_outputFlush->stop();
    flushOutput();      // and the output's last lines, with what was not kept
    m_syscalls->stop(); // a call still waiting fails: nothing runs on after the end
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
        self->setState(state, detail);
        Q_EMIT self->ended(state, detail);
    };
    if (m_storeFailed) {
        done(false);
        return;
    }
    record({RunRecords::judgement(m_runId, m_judge.judgement(), m_seq), stateRecord}, done);
}

} // namespace warden
