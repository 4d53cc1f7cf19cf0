#include "ui/live/LiveRunController.h"

#include "ui/common/AsyncJob.h"
#include "core/control/ControlServer.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RunRecovery.h"
#include "core/sandbox/SandboxFactory.h"
#include "core/scenarios/CustomRun.h"
#include "core/scenarios/DemoScenario.h"
#include "core/scenarios/ResourcePaths.h"
#include "core/store/AuditStore.h"

#include <QTimer>

namespace warden::ui {

LiveRunController::LiveRunController(QString storePath, QObject *parent)
    : QObject(parent), m_storePath(std::move(storePath))
{
}

LiveRunController::~LiveRunController()
{
    // Runs first: they hold references to the store and the queue.
    m_runs.clear();
}

void LiveRunController::open()
{
    const std::string path = m_storePath.toStdString();
    runAsync(
        this,
        [path]() -> Result<std::unique_ptr<AuditStore>> {
            auto store = AuditStore::open(path);
            if (!store)
                return std::unexpected(store.error());
            if (auto recovered = RunRecovery::recover(**store); !recovered)
                return std::unexpected(recovered.error());
            return std::move(*store);
        },
        [this](Result<std::unique_ptr<AuditStore>> store) {
            if (!store) {
                Q_EMIT failed(QString::fromStdString(store.error().toString()));
                return;
            }
            m_store = std::move(*store);
            m_control = new ControlServer(m_approvals, this);
            if (auto ok = m_control->listen(); !ok)
                Q_EMIT failed(tr("approvals from wardenctl are unavailable: %1")
                                  .arg(QString::fromStdString(ok.error().message)));
            Q_EMIT ready();
        });
}

void LiveRunController::startDemo(const QString &name, const QString &host)
{
    if (!m_store) {
        Q_EMIT failed(tr("the audit store is not open yet"));
        return;
    }
    // Building the image takes a minute the first time: off the GUI thread.
    runAsync(
        this,
        [name = name.toStdString(), host = host.toStdString()]() -> Result<RunConfig> {
            auto image = ResourcePaths::defaultImage(host);
            if (!image)
                return std::unexpected(image.error());
            return DemoScenario::config(name, host, *image);
        },
        [this](Result<RunConfig> config) {
            if (!config) {
                Q_EMIT failed(QString::fromStdString(config.error().toString()));
                return;
            }
            launch(std::move(*config));
        });
}

void LiveRunController::startCustom(const CustomLaunch &request)
{
    if (!m_store) {
        Q_EMIT failed(tr("the audit store is not open yet"));
        return;
    }
    std::vector<std::string> argv;
    for (const QString &a : request.argv)
        argv.push_back(a.toStdString());
    runAsync(
        this,
        [file = request.declarationFile.toStdString(), argv, host = request.host.toStdString(),
         image = request.image.toStdString(), data = request.dataDir.toStdString()]() -> Result<RunConfig> {
            auto declaration = Declaration::load(file);
            if (!declaration)
                return std::unexpected(declaration.error());
            CustomRun run;
            run.declaration = std::make_shared<const Declaration>(std::move(*declaration));
            run.hostKind = host;
            run.argv = argv;
            run.dataDir = data;
            run.image = image;
            if (run.image.empty()) {
                auto chosen = ResourcePaths::defaultImage(host);
                if (!chosen)
                    return std::unexpected(chosen.error());
                run.image = *chosen;
            }
            return run.config();
        },
        [this](Result<RunConfig> config) {
            if (!config) {
                Q_EMIT failed(QString::fromStdString(config.error().toString()));
                return;
            }
            launch(std::move(*config));
        });
}

void LiveRunController::launch(RunConfig config)
{
    config.launcher = qEnvironmentVariable("USER", QStringLiteral("console")).toStdString();
    config.approvalTimeoutSeconds = m_deadlineSeconds;
    const std::string hostKind = config.hostKind;
    auto run = std::make_unique<LiveRun>(std::move(config), *m_store, m_approvals, createSandbox(hostKind));
    LiveRun *r = run.get();
    const QString runId = QString::fromStdString(r->runId());
    connect(r, &LiveRun::stateChanged, this, [this, runId](const QString &state, const QString &detail) {
        Q_EMIT runStateChanged(runId, state, detail);
    });
    connect(r, &LiveRun::actionJudged, this,
            [this, runId](const Action &a, const Verdict &v, const Judgement &j) {
                Q_EMIT actionArrived(runId, a, v.toJson(actionKindName(a.kind)), j.toJson());
            });
    connect(r, &LiveRun::ended, this, [this, runId](const QString &state, const QString &detail) {
        Q_EMIT runEnded(runId, state, detail);
        // Let queued signals drain before the run goes.
        QTimer::singleShot(0, this, [this, runId] { m_runs.erase(runId.toStdString()); });
    });
    m_runs.emplace(r->runId(), std::move(run));
    r->start();
    Q_EMIT runStarted(runId, QString::fromStdString(r->agent()));
}

void LiveRunController::killAll(const QString &why)
{
    for (auto &[id, run] : m_runs)
        run->kill(why);
}

std::shared_ptr<const Declaration> LiveRunController::declarationOf(const QString &runId) const
{
    auto it = m_runs.find(runId.toStdString());
    return it == m_runs.end() ? nullptr : it->second->declaration();
}

} // namespace warden::ui

namespace warden::ui {

QString LiveRunController::judgementOf(const QString &runId) const
{
    auto it = m_runs.find(runId.toStdString());
    if (it == m_runs.end())
        return {};
    const Judgement j = it->second->judgement();
    return tr("%1 (%2): %3").arg(QString::fromLatin1(labelName(j.label))).arg(j.confidence, 0, 'f', 2)
        .arg(QString::fromStdString(j.summary));
}

} // namespace warden::ui
