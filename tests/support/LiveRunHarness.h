#pragma once

// Live runs in real sandboxes for the integration tests: a custom run of one
// of tests/integration/agents, on bubblewrap or on the Docker engine that
// DOCKER_HOST names, run to its end with everything it said and did.
#include "core/approvals/ApprovalQueue.h"
#include "core/common/ResourcePaths.h"
#include "core/runs/LiveRun.h"
#include "core/sandbox/BubblewrapSandbox.h"
#include "core/sandbox/DockerSandbox.h"
#include "core/store/AuditStore.h"
#include "core/store/SqliteConnection.h"
#include "core/store/SqliteStatement.h"
#include "support/TestSupport.h"

#include <QtTest>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace warden::test {

// The sandbox image's root, built first when it is missing (minutes, once).
inline Result<std::string> sandboxImage()
{
    auto image = ResourcePaths::imageRoot();
    return image ? image : ResourcePaths::buildImage();
}

struct RunOutcome {
    QString state;
    QString detail;
    QStringList output;
    std::vector<std::pair<Action, Verdict>> actions;
    Judgement judgement;
    std::string runId;
    std::vector<Judge::Canary> canaries;
};

// The real MCP peers the tests run (tests/mcp: the SDK, the reference and
// fixture servers, the conformance suite), as the installer put them.
inline std::string mcpPeersDir()
{
    return sourceDir() + "/tests/mcp";
}

inline RunConfig agentRun(const std::string &image, const std::string &script, const std::string &declarationText,
                          std::vector<std::string> args = {})
{
    RunConfig c;
    c.declaration = declaration(declarationText);
    c.source = "test";
    c.hostKind = "bwrap";
    c.sandbox.image = image;
    c.sandbox.argv = {"python3", "/work/" + script};
    c.sandbox.argv.insert(c.sandbox.argv.end(), args.begin(), args.end());
    c.sandbox.binds = {{*ResourcePaths::root() + "/agent", "/opt/warden", false},
                       {sourceDir() + "/tests/integration/agents", "/work", false}};
    c.sandbox.wallSeconds = 90;
    c.approvalTimeoutSeconds = 30;
    return c;
}

// The same run on bubblewrap, on the Docker engine, or on Podman's
// compatible API (WARDEN_TEST_PODMAN_HOST, which packaging/test.sh starts);
// nullptr (and why) when that engine does not answer.
inline std::unique_ptr<Sandbox> sandboxOn(const QString &backend, RunConfig &config, std::string &unavailable)
{
    if (backend == QLatin1String("podman")) {
        const QByteArray host = qgetenv("WARDEN_TEST_PODMAN_HOST");
        if (!host.startsWith("unix://")) {
            unavailable = "no Podman service (packaging/test.sh starts one)";
            return nullptr;
        }
        DockerEndpoint podman;
        podman.unixSocket = host.mid(7).toStdString();
        if (auto version = DockerClient(podman).negotiate(); !version) {
            unavailable = "Podman does not answer: " + version.error().message;
            return nullptr;
        }
        config.hostKind = "docker";
        config.sandbox.image = "warden-sandbox:1";
        return std::make_unique<DockerSandbox>(podman);
    }
    if (backend != QLatin1String("docker"))
        return std::make_unique<BubblewrapSandbox>();
    DockerClient probe(DockerEndpoint::fromEnvironment());
    if (auto version = probe.negotiate(); !version) {
        unavailable = "no Docker engine answers: " + version.error().message;
        return nullptr;
    }
    config.hostKind = "docker";
    config.sandbox.image = "warden-sandbox:1";
    return std::make_unique<DockerSandbox>(DockerEndpoint::fromEnvironment());
}

// Runs to the end (two minutes at most). `whileRunning` sees the live run
// once it has started.
inline RunOutcome runToEnd(AuditStore &store, RunConfig config, std::unique_ptr<Sandbox> sandbox, ApprovalQueue &queue,
                           std::function<void(const ApprovalRequest &)> onApproval = {},
                           std::function<void(LiveRun &, const RunOutcome &)> onOutput = {})
{
    RunOutcome o;
    LiveRun run(std::move(config), store, queue, std::move(sandbox));
    o.runId = run.runId();
    o.canaries = run.canaries();
    bool ended = false;
    QObject scope;
    QObject::connect(&run, &LiveRun::agentOutput, &scope, [&](const QString &l) {
        o.output << l;
        if (onOutput)
            onOutput(run, o);
    });
    QObject::connect(&run, &LiveRun::actionJudged, &scope,
                     [&](const Action &a, const Verdict &v, const Judgement &) { o.actions.emplace_back(a, v); });
    QObject::connect(&run, &LiveRun::ended, &scope, [&](const QString &s, const QString &d) {
        o.state = s;
        o.detail = d;
        ended = true;
    });
    if (onApproval)
        QObject::connect(&queue, &ApprovalQueue::requested, &scope, onApproval);
    run.start();
    if (!QTest::qWaitFor([&] { return ended; }, 120000))
        o.state = QStringLiteral("timeout");
    o.judgement = run.judgement();
    return o;
}

// The run's stored actions that the syscall supervisor saw.
inline std::vector<nlohmann::json> syscallActions(const AuditStore &store, const std::string &runId)
{
    std::vector<nlohmann::json> out;
    auto db = SqliteConnection::open(store.path(), SqliteConnection::Mode::ReadOnly);
    if (!db)
        return out;
    auto stmt = db->prepare("SELECT payload FROM audit WHERE type = 'action' AND run_id = ? ORDER BY seq");
    if (!stmt)
        return out;
    stmt->bind(1, runId);
    (void)stmt->eachRow([&] {
        auto a = nlohmann::json::parse(stmt->columnText(0), nullptr, false);
        if (a.is_object() && a.value("source", "") == "syscall")
            out.push_back(std::move(a));
    });
    return out;
}

} // namespace warden::test
