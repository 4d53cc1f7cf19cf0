#include "core/runs/RunSupervisor.h"

#include "core/common/AsyncJob.h"
#include "core/control/ControlServer.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RemoteRunMirror.h"
#include "core/sandbox/DockerSandbox.h"
#include "core/sandbox/SandboxFactory.h"
#include "core/store/AuditStore.h"

#include <QTimer>

namespace warden {

std::string RunSupervisor::Opening::recoverySummary() const
{
    std::string out;
    if (recovered.approvalsExpired || recovered.runsFailed || recovered.directoriesRemoved)
        out = "recovered from an earlier crash: " + std::to_string(recovered.approvalsExpired) +
              " pending approvals denied, " + std::to_string(recovered.runsFailed) + " live runs marked failed, " +
              std::to_string(recovered.directoriesRemoved) + " run directories removed";
    if (containersRemoved)
        out += (out.empty() ? "" : "; ") + std::string("removed ") + std::to_string(containersRemoved) +
               " containers left by an earlier run";
    return out;
}

Result<RunSupervisor::Opening> RunSupervisor::prepare(const std::string &storePath)
{
    auto store = AuditStore::open(storePath);
    if (!store)
        return std::unexpected(store.error());
    Opening opening;
    opening.store = std::move(*store);
    // A warden that died left pending approvals and live runs behind: deny
    // and close them before anything new starts. A failure here leaves them
    // pending in the store, where nothing can approve them: a warning.
    if (auto recovered = RunRecovery::recover(*opening.store); !recovered)
        opening.warnings.push_back("recovery: " + recovered.error().toString());
    else
        opening.recovered = *recovered;
    // Containers of a dead warden, on the engine DOCKER_HOST names. No
    // engine there is the common case, not a warning.
    if (auto removed = DockerSandbox::removeLeftovers(DockerSandbox::endpointFromEnvironment()); removed)
        opening.containersRemoved = *removed;
    return opening;
}

RunSupervisor::RunSupervisor(QObject *parent) : QObject(parent) {}

RunSupervisor::~RunSupervisor()
{
    // Runs and mirrors first: they hold references to the store and the queue.
    m_runs.clear();
    delete m_remote;
    m_remote = nullptr;
}

std::vector<std::string> RunSupervisor::adopt(Opening opening, bool serveControl)
{
    m_store = std::move(opening.store);
    m_warnings = std::move(opening.warnings);
    std::vector<std::string> problems;
    if (serveControl) {
        m_control = new ControlServer(m_approvals, this);
        if (auto ok = m_control->listen(); !ok)
            problems.push_back("approvals from wardenctl are unavailable: " + ok.error().toString());
    }
    m_warnings.insert(m_warnings.end(), problems.begin(), problems.end());
    return problems;
}

void RunSupervisor::openAsync(const std::string &storePath)
{
    runAsync(
        this, [storePath] { return prepare(storePath); },
        [this](Result<Opening> opening) {
            if (!opening) {
                Q_EMIT failed(QString::fromStdString(opening.error().toString()));
                return;
            }
            adopt(std::move(*opening));
            Q_EMIT opened();
        });
}

LiveRun *RunSupervisor::start(RunConfig config)
{
    if (!m_store) {
        Q_EMIT failed(tr("the audit store is not open yet"));
        return nullptr;
    }
    auto sandbox = createSandbox(config.hostKind, config.dockerEndpoint);
    auto run = std::make_unique<LiveRun>(std::move(config), *m_store, m_approvals, std::move(sandbox));
    LiveRun *r = run.get();
    const QString runId = QString::fromStdString(r->runId());
    connect(r, &LiveRun::stateChanged, this, [this, runId](const QString &state, const QString &detail) {
        Q_EMIT runStateChanged(runId, state, detail);
    });
    connect(r, &LiveRun::actionJudged, this, [this, runId](const Action &a, const Verdict &v, const Judgement &j) {
        Q_EMIT actionArrived(runId, a, StoredVerdict::of(v), j.toJson());
    });
    connect(r, &LiveRun::agentOutput, this, [this, runId](const QString &line) { Q_EMIT agentOutput(runId, line); });
    connect(r, &LiveRun::ended, this, [this, runId](const QString &state, const QString &detail) {
        Q_EMIT runEnded(runId, state, detail);
        // The run is still on the stack of its own signal, and other
        // receivers may still read it: it goes once the signals drain.
        QTimer::singleShot(0, this, [this, runId] {
            m_runs.erase(runId.toStdString());
            Q_EMIT liveRunsChanged(liveRuns());
        });
    });
    m_runs.emplace(r->runId(), std::move(run));
    Q_EMIT liveRunsChanged(liveRuns());
    Q_EMIT runStarted(runId, QString::fromStdString(r->agent()));
    // On the next turn of the event loop: whoever asked for the run connects
    // to it first and misses nothing.
    QMetaObject::invokeMethod(r, &LiveRun::start, Qt::QueuedConnection);
    return r;
}

void RunSupervisor::startWhenBuilt(std::function<Result<RunConfig>()> build)
{
    if (!m_store) {
        Q_EMIT failed(tr("the audit store is not open yet"));
        return;
    }
    runAsync(this, std::move(build), [this](Result<RunConfig> config) {
        if (!config) {
            Q_EMIT failed(QString::fromStdString(config.error().toString()));
            return;
        }
        start(std::move(*config));
    });
}

void RunSupervisor::startRemote(const HostEndpoint &endpoint, nlohmann::json request)
{
    if (!m_remote) {
        m_remote = new RemoteRunMirror(*this, this);
        connect(m_remote, &RemoteRunMirror::failed, this, &RunSupervisor::failed);
        connect(m_remote, &RemoteRunMirror::runStarted, this, &RunSupervisor::runStarted);
        connect(m_remote, &RemoteRunMirror::runStateChanged, this, &RunSupervisor::runStateChanged);
        connect(m_remote, &RemoteRunMirror::actionArrived, this, &RunSupervisor::actionArrived);
        connect(m_remote, &RemoteRunMirror::runEnded, this, &RunSupervisor::runEnded);
    }
    m_remote->start(endpoint, std::move(request));
}

LiveRun *RunSupervisor::liveRun(const std::string &runId) const
{
    auto it = m_runs.find(runId);
    return it == m_runs.end() ? nullptr : it->second.get();
}

void RunSupervisor::killAll(const QString &why)
{
    for (auto &[id, run] : m_runs)
        run->kill(why);
}

QString RunSupervisor::judgementOf(const QString &runId) const
{
    if (const LiveRun *run = liveRun(runId.toStdString())) {
        const Judgement j = run->judgement();
        return tr("%1 (%2): %3")
            .arg(QString::fromLatin1(labelName(j.label)))
            .arg(j.confidence, 0, 'f', 2)
            .arg(QString::fromStdString(j.summary));
    }
    return m_remote ? m_remote->judgementOf(runId) : QString();
}

std::shared_ptr<const Declaration> RunSupervisor::declarationOf(const QString &runId) const
{
    if (const LiveRun *run = liveRun(runId.toStdString()))
        return run->declaration();
    return m_remote ? m_remote->declarationOf(runId) : nullptr;
}

} // namespace warden
