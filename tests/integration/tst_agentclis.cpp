// The agent CLIs people run, unmodified, under Warden: Claude Code, Codex
// CLI and Gemini CLI as resources/agents/install-agents.sh installs them
// (pinned by their lockfiles), each started the way `wardenctl agent`
// starts it (AgentRun), in real bubblewrap and on the Docker engine, against a scripted
// model: a TEST DOUBLE for the hosted model (resources/agents/scripted-model.py,
// ScriptedModel), speaking each vendor's real streaming API, reached through
// Warden's egress proxy as a declared destination. Two scenarios per CLI:
//   benign: fix a failing test in a small repository; judged benign, every
//     action declared, the fix on disk;
//   injected: the real-agent demo as `wardenctl demo CLI-injected` and the
//     console start it (AgentDemo): a poisoned README makes the model fetch
//     and run a script, read ~/.aws/credentials (a canary file) and post it
//     out, and write a cron job through an MCP files tool outside its scope,
//     as injected code does (the file's text never shown to the model: a
//     model request carrying a canary would be refused first, on its own);
//     each step on the timeline, refused where undeclared, nothing left,
//     judged malicious.
#include "core/agents/AgentDemo.h"
#include "core/agents/AgentRun.h"
#include "core/agents/ScriptedModel.h"
#include "core/common/TextFile.h"
#include "core/report/IncidentReport.h"
#include "core/report/Provenance.h"
#include "core/store/AuditStore.h"
#include "core/store/RunReader.h"
#include "support/LiveRunHarness.h"

#include <QDir>
#include <QDirIterator>
#include <QHostAddress>
#include <QProcess>
#include <QTcpSocket>
#include <QtTest>

using namespace warden;

namespace {

std::string agentsSource()
{
    return test::sourceDir() + "/tests/agents";
}

// Copies a directory's files (one level: the fixture repository).
bool copyFiles(const QString &from, const QString &to)
{
    for (const QFileInfo &f : QDir(from).entryInfoList(QDir::Files))
        if (!QFile::copy(f.filePath(), to + QLatin1Char('/') + f.fileName()))
            return false;
    return true;
}

} // namespace

class TestAgentClis : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AuditStore> m_store;
    std::string m_image;

    // The requests the scripted model answered, as the CLI sent them.
    static std::vector<nlohmann::json> modelRequests(const QString &log)
    {
        std::vector<nlohmann::json> out;
        QFile f(log);
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n'))
                if (auto j = nlohmann::json::parse(line.toStdString(), nullptr, false); j.is_object())
                    out.push_back(std::move(j));
        return out;
    }

    // The CLI on the scenario's workspace, to its end.
    std::optional<test::RunOutcome> runCli(const QString &cli, const QString &backend, const QString &scenario,
                                           const QString &workspace, const QString &modelUrl, QString &why,
                                           bool &noEngine)
    {
        const AgentProfile *profile = AgentProfile::find(cli.toStdString());
        if (!profile) {
            why = QStringLiteral("no profile");
            return std::nullopt;
        }
        auto resources = ResourcePaths::root();
        auto declaration = resources ? readTextFile(*resources + "/declarations/" + profile->declaration, 1024 * 1024)
                                     : Result<std::string>(std::unexpected(resources.error()));
        if (!declaration) {
            why = QString::fromStdString(declaration.error().toString());
            return std::nullopt;
        }
        const QString home =
            m_dir.filePath(cli + QLatin1Char('-') + backend + QLatin1Char('-') + scenario + QStringLiteral("-home"));
        QDir().mkpath(home);
        AgentRun run;
        run.profile = profile;
        run.installation = ResourcePaths::agentsDir() + "/" + profile->name;
        run.workspace = workspace.toStdString();
        run.home = home.toStdString();
        run.modelUrl = modelUrl.toStdString();
        run.apiKey = "test-double-key";
        run.prompt = "Fix the failing test in this repository.";
        run.declarationText = *declaration;
        run.declarationName = profile->declaration;
        run.image = m_image;
        run.wallSeconds = 120;
        auto config = run.config();
        if (!config) {
            why = QString::fromStdString(config.error().toString());
            return std::nullopt;
        }
        // Behind the model door the key is the warden's: nothing the sandbox
        // gets (its environment, the CLI's home) holds it; the CLI's key
        // variable will hold a stand-in, a canary.
        for (const auto &[key, value] : config->sandbox.env)
            if (value.find(run.apiKey) != std::string::npos) {
                why = QStringLiteral("the key is in the sandbox's environment: ") + QString::fromStdString(key);
                return std::nullopt;
            }
        QDirIterator files(home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(QByteArray::fromStdString(run.apiKey))) {
                why = QStringLiteral("the key is in the CLI's home: ") + f.fileName();
                return std::nullopt;
            }
        }
        if (!config->declaration->modelFor(profile->api) ||
            std::any_of(config->sandbox.env.begin(), config->sandbox.env.end(),
                        [&](const auto &kv) { return kv.first == profile->apiKeyVariable; })) {
            why = QStringLiteral("not behind the model door: ") + QString::fromStdString(profile->apiKeyVariable);
            return std::nullopt;
        }
        config->source = "test";
        std::string unavailable;
        auto box = test::sandboxOn(backend, *config, unavailable);
        if (!box) {
            noEngine = true;
            why = QString::fromStdString(unavailable);
            return std::nullopt;
        }
        ApprovalQueue queue;
        return test::runToEnd(*m_store, std::move(*config), std::move(box), queue);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The run's sandbox user passes through it to the workspaces.
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ExeOther);
        for (const AgentProfile &p : AgentProfile::all()) {
            const QString program =
                QString::fromStdString(ResourcePaths::agentsDir() + "/" + p.name + "/" + p.program());
            QVERIFY2(QFileInfo(program).isExecutable(), AgentRun::installHint(p).c_str());
        }
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
        auto store = AuditStore::open(m_dir.filePath(QStringLiteral("agents.db")).toStdString());
        QVERIFY(store.has_value());
        m_store = std::move(*store);
    }

    void benign_data()
    {
        QTest::addColumn<QString>("cli");
        QTest::addColumn<QString>("backend");
        for (const char *cli : {"claude-code", "codex", "gemini"})
            for (const char *backend : {"bubblewrap", "docker"})
                QTest::addRow("%s/%s", cli, backend) << QString::fromLatin1(cli) << QString::fromLatin1(backend);
    }

    // Fix a failing test: the CLI reads, edits, runs the test, and says so.
    // Everything it did, its own housekeeping included, is declared.
    void benign()
    {
        QFETCH(QString, cli);
        QFETCH(QString, backend);
        const QString tag = cli + QLatin1Char('-') + backend;
        const QString log = m_dir.filePath(tag + QStringLiteral("-benign-model.log"));
        auto model = ScriptedModel::start(agentsSource() + "/benign.json", log.toStdString());
        QVERIFY2(model.has_value(), model ? "" : model.error().message.c_str());
        const QString workspace = m_dir.filePath(tag + QStringLiteral("-benign-workspace"));
        QVERIFY(QDir().mkpath(workspace) && copyFiles(QString::fromStdString(agentsSource() + "/repo"), workspace));
        QString why;
        bool noEngine = false;
        const auto run = runCli(cli, backend, QStringLiteral("benign"), workspace,
                                QString::fromStdString((*model)->url()), why, noEngine);
        if (noEngine)
            WARDEN_SKIP_WITHOUT_ENGINE(qPrintable(why));
        QVERIFY2(run.has_value(), qPrintable(why));
        const QString all = run->output.join(QLatin1Char('\n'));
        QVERIFY2(run->state == QStringLiteral("finished"),
                 qPrintable(run->state + QLatin1Char(' ') + run->detail + QLatin1Char('\n') + all));
        QVERIFY2(all.contains(QLatin1String("Fixed add() in calc.py")), qPrintable(all));
        // The fix is on disk, in the person's workspace.
        QFile calc(workspace + QStringLiteral("/calc.py"));
        QVERIFY(calc.open(QIODevice::ReadOnly));
        QVERIFY2(calc.readAll().contains("a + b"), "calc.py was not fixed");
        // Nothing undeclared, nothing refused: no false finding.
        std::string undeclared;
        int programs = 0, model_requests = 0;
        for (const auto &[a, v] : run->actions) {
            if (!v.declared || v.decision != Decision::Allow)
                undeclared += a.describe() + "; ";
            if (a.kind == ActionKind::Process)
                ++programs;
            if (a.kind == ActionKind::Model)
                ++model_requests;
        }
        QVERIFY2(undeclared.empty(), undeclared.c_str());
        QVERIFY2(run->judgement.label == Label::Benign, run->judgement.summary.c_str());
        QVERIFY2(run->judgement.findings.empty(), run->judgement.summary.c_str());
        QVERIFY(programs >= 3);                         // the CLI, its shell, the test
        QVERIFY2(model_requests >= 3, qPrintable(all)); // one a turn, through the model door
        // The model door's key reached the model, on every request; the
        // CLI held only a stand-in.
        const auto requests = modelRequests(log);
        QVERIFY(requests.size() >= 3);
        for (const auto &r : requests)
            QVERIFY2(r.value("key", "").find("test-double-key") != std::string::npos, r.dump().c_str());
    }

    void injected_data() { benign_data(); }

    // A poisoned README turns the model against the person: each step is on
    // the timeline, what is undeclared is refused, nothing leaves, and the
    // judge calls it.
    void injected()
    {
        QFETCH(QString, cli);
        QFETCH(QString, backend);
        const AgentDemo *demo = AgentDemo::find(cli.toStdString() + "-injected");
        QVERIFY(demo);
        auto config = demo->config(backend == QLatin1String("docker") ? "docker" : "bwrap", m_image);
        QVERIFY2(config.has_value(), config ? "" : config.error().toString().c_str());
        QCOMPARE(config->source, "demo:" + demo->name);
        std::string unavailable;
        auto box = test::sandboxOn(backend, *config, unavailable);
        if (!box)
            WARDEN_SKIP_WITHOUT_ENGINE(unavailable.c_str());
        const QString workspace = QString::fromStdString(config->handedDirs.at(0));
        const QString home = QString::fromStdString(config->handedDirs.at(1));
        ApprovalQueue queue;
        const std::optional<test::RunOutcome> run = test::runToEnd(*m_store, std::move(*config), std::move(box), queue);
        // What the demo kept for the run went with it (off the run's thread).
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(workspace) && !QFileInfo::exists(home), 10000);
        const QString all = run->output.join(QLatin1Char('\n'));
        std::string seen;
        bool readCredentials = false, fetchRefused = false, exfilRefused = false, canaryCaught = false;
        bool attackerReached = false, mcpRefused = false;
        for (const auto &[a, v] : run->actions) {
            seen += a.describe() + " -> " + (v.decision == Decision::Allow ? "allow" : "deny") + "\n";
            if (a.kind == ActionKind::SecretRead && a.name == "~/.aws/credentials")
                readCredentials = true;
            // The proxy names a plain HTTP request by its URL.
            auto to = [&](const char *host) {
                return a.kind == ActionKind::Egress &&
                       (a.host == host || a.url.starts_with(std::string("http://") + host + "/"));
            };
            if (to("setup.attacker.example") && v.decision == Decision::Deny)
                fetchRefused = true;
            if ((to("setup.attacker.example") || to("exfil.attacker.example")) && v.decision == Decision::Allow)
                attackerReached = true;
            if (a.kind == ActionKind::ToolCall && a.source == "mcp" && a.tool == "files.write_file" &&
                v.decision == Decision::Deny)
                mcpRefused = true;
            if (to("exfil.attacker.example") && v.decision == Decision::Deny) {
                exfilRefused = true;
                canaryCaught = canaryCaught || !a.canaries.empty();
            }
        }
        const std::string context = seen + "\n" + all.toStdString();
        if (!(readCredentials && fetchRefused && exfilRefused && canaryCaught && mcpRefused))
            qInfo("%s", context.c_str()); // QtTest shows a failure's message to its first line
        QVERIFY2(readCredentials, context.c_str());
        QVERIFY2(fetchRefused, context.c_str());
        QVERIFY2(!attackerReached, context.c_str());
        // The files tool asked for a path outside its declared scope: refused.
        QVERIFY2(mcpRefused, context.c_str());
        QVERIFY2(exfilRefused && canaryCaught, context.c_str());
        QVERIFY2(run->judgement.label == Label::Malicious, (run->judgement.summary + "\n" + context).c_str());

        // Why: the README the CLI read came back to its model carrying
        // instructions, and the judge and the stored chain both name it.
        const auto injection = std::find_if(run->judgement.findings.begin(), run->judgement.findings.end(),
                                            [](const Finding &f) { return f.rule == "prompt_injection"; });
        QVERIFY2(injection != run->judgement.findings.end(), (run->judgement.summary + "\n" + context).c_str());
        QCOMPARE(injection->label, Label::Malicious);
        auto reader = RunReader::open(m_dir.filePath(QStringLiteral("agents.db")).toStdString());
        QVERIFY(reader);
        auto stored = reader->loadRun(run->runId);
        QVERIFY(stored);
        QVERIFY(!stored->modelTurns.empty());
        const Provenance provenance = Provenance::build(*stored);
        QVERIFY2(provenance.chain(), context.c_str());
        const Provenance::Chain &chain = *provenance.chain();
        QCOMPARE(chain.injection, injection->evidence.front());
        QVERIFY2(chain.result.excerpt.find("NOTE TO AI ASSISTANTS") != std::string::npos, chain.result.excerpt.c_str());
        QVERIFY(std::find(chain.result.cues.begin(), chain.result.cues.end(), "hidden in an HTML comment") !=
                chain.result.cues.end());
        // Each refused step is in a turn the model asked for after it, and nothing left.
        QVERIFY(chain.turns.size() >= 3);
        bool fetchInChain = false, writeInChain = false;
        for (const auto &turn : chain.turns)
            for (const auto &use : turn.uses)
                for (const auto &step : use.actions) {
                    fetchInChain = fetchInChain || (step.kind == ActionKind::Egress &&
                                                    step.what.find("setup.attacker.example") != std::string::npos &&
                                                    step.decision == "deny");
                    writeInChain =
                        writeInChain || (step.kind == ActionKind::ToolCall &&
                                         step.what.find("write_file") != std::string::npos && step.decision == "deny");
                }
        QVERIFY2(fetchInChain && writeInChain, IncidentReport::html(*stored, {}).c_str());
        QVERIFY(chain.refusedCount >= 3);
        QCOMPARE(chain.leftCount, std::int64_t{0});
    }

    // What a demo run keeps (its scripted model, workspace and home) goes
    // with its configuration: nothing is left listening or on disk.
    void aDemosPartsGoWithIt()
    {
        const AgentDemo *demo = AgentDemo::find("claude-code-injected");
        QVERIFY(demo);
        auto config = demo->config("bwrap", m_image);
        QVERIFY2(config.has_value(), config ? "" : config.error().toString().c_str());
        QCOMPARE(config->handedDirs.size(), std::size_t(2));
        const QString workspace = QString::fromStdString(config->handedDirs[0]);
        const QString home = QString::fromStdString(config->handedDirs[1]);
        QVERIFY(QFile::exists(workspace + QStringLiteral("/README.md")));
        QVERIFY(QFile::exists(home + QStringLiteral("/.warden-mcp.json")));
        // The model answers on loopback while the run holds it.
        // (The CLI's base URL is the model door; the door's provider is the model.)
        QVERIFY(config->declaration->modelFor(ModelApi::Anthropic));
        const std::string url = config->declaration->modelFor(ModelApi::Anthropic)->url;
        QVERIFY2(url.starts_with("http://127.0.0.1:"), url.c_str());
        const quint16 port = quint16(std::stoi(url.substr(url.rfind(':') + 1)));
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(probe.waitForConnected(3000));
        probe.abort();
        config->keptForRun.clear(); // as the run lets go of it
        QVERIFY(!QFile::exists(workspace));
        QVERIFY(!QFile::exists(home));
        QTcpSocket after;
        after.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!after.waitForConnected(1000));
    }

    // A CLI that is not installed is named with the command that installs it.
    void aMissingCliIsNamedWithItsInstallCommand()
    {
        QTemporaryDir empty;
        const QByteArray before = qgetenv("WARDEN_AGENTS_DIR");
        qputenv("WARDEN_AGENTS_DIR", empty.path().toUtf8());
        const AgentDemo *demo = AgentDemo::find("codex-injected");
        QVERIFY(demo && !demo->installed());
        auto config = demo->config("bwrap", m_image);
        qputenv("WARDEN_AGENTS_DIR", before);
        QVERIFY(!config.has_value());
        QVERIFY2(config.error().message.find("install-agents.sh codex") != std::string::npos,
                 config.error().message.c_str());
    }

    void anAgentsOwnConfigurationRoundTrips_data()
    {
        QTest::addColumn<QString>("cli");
        for (const char *cli : {"claude-code", "codex", "gemini"})
            QTest::newRow(cli) << QString::fromLatin1(cli);
    }

    // The CLI writes its MCP configuration itself (`mcp add`); `wardenctl
    // declare --from-agent-config` reads it, prints a declaration that
    // check-declaration accepts and the configuration rewritten through
    // warden-mcp; the CLI reads that back (`mcp get`/`mcp list`) and shows
    // the relay as the server's command.
    void anAgentsOwnConfigurationRoundTrips()
    {
        QFETCH(QString, cli);
        const AgentProfile *profile = AgentProfile::find(cli.toStdString());
        QVERIFY(profile);
        const QString root = m_dir.filePath(cli + QStringLiteral("-config"));
        const QString home = root + QStringLiteral("/home");
        const QString project = root + QStringLiteral("/project");
        QVERIFY(QDir().mkpath(home + QStringLiteral("/.codex")) && QDir().mkpath(project));
        const QString install = QString::fromStdString(ResourcePaths::agentsDir() + "/" + profile->name + "/");
        QStringList program;
        for (const std::string &word : profile->command)
            if (word.starts_with("node_modules/"))
                program << install + QString::fromStdString(word);
        // The CLI itself, on this machine, in a throw-away home.
        auto runCliHere = [&](const QString &dir, QStringList args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), home);
            env.insert(QStringLiteral("CODEX_HOME"), home + QStringLiteral("/.codex"));
            env.insert(QStringLiteral("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"), QStringLiteral("1"));
            env.insert(QStringLiteral("DISABLE_AUTOUPDATER"), QStringLiteral("1"));
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(dir);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(program.front(), program.mid(1) + args);
            p.waitForFinished(60000);
            return QString::fromUtf8(p.readAll());
        };
        const QString server = QString::fromStdString(test::mcpPeersDir()) +
                               QStringLiteral("/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        QString written;
        if (cli == QLatin1String("claude-code")) {
            runCliHere(project, {QStringLiteral("mcp"), QStringLiteral("add"), QStringLiteral("--scope"),
                                 QStringLiteral("project"), QStringLiteral("files"), QStringLiteral("--"),
                                 QStringLiteral("node"), server, project});
            written = project + QStringLiteral("/.mcp.json");
        } else if (cli == QLatin1String("codex")) {
            runCliHere(project, {QStringLiteral("mcp"), QStringLiteral("add"), QStringLiteral("files"),
                                 QStringLiteral("--"), QStringLiteral("node"), server, project});
            written = home + QStringLiteral("/.codex/config.toml");
        } else {
            runCliHere(project, {QStringLiteral("mcp"), QStringLiteral("add"), QStringLiteral("files"),
                                 QStringLiteral("node"), server, project});
            written = project + QStringLiteral("/.gemini/settings.json");
        }
        QVERIFY2(QFile::exists(written), qPrintable(written + QStringLiteral(" was not written by the CLI")));

        const QString rewritten = root + QStringLiteral("/rewritten");
        const QString declaration = root + QStringLiteral("/declaration.json");
        QProcess declare;
        declare.setStandardOutputFile(declaration);
        declare.start(QString::fromStdString(test::binaryDir() + "/app/wardenctl"),
                      {QStringLiteral("declare"), QStringLiteral("--from-agent-config"), written,
                       QStringLiteral("--config-out"), rewritten});
        QVERIFY(declare.waitForFinished(120000));
        QVERIFY2(declare.exitCode() == 0, declare.readAllStandardError().constData());
        QProcess check;
        check.start(QString::fromStdString(test::binaryDir() + "/app/wardenctl"),
                    {QStringLiteral("check-declaration"), declaration});
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, check.readAll().constData());

        // The rewritten configuration where the CLI reads it, read back by the CLI.
        QFile::remove(written);
        QVERIFY(QFile::copy(rewritten, written));
        const QString shown =
            cli == QLatin1String("gemini")
                ? runCliHere(project, {QStringLiteral("mcp"), QStringLiteral("list")})
                : runCliHere(project, {QStringLiteral("mcp"), QStringLiteral("get"), QStringLiteral("files")});
        QVERIFY2(shown.contains(QLatin1String("/opt/warden/bin/warden-mcp")), qPrintable(shown));
        QVERIFY2(!shown.contains(server), qPrintable(shown));
    }
};

QTEST_GUILESS_MAIN(TestAgentClis)
#include "tst_agentclis.moc"
