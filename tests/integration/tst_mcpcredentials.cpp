// Credentials for MCP servers at a URL: a server that wants a bearer token
// (tests/mcp/token_server.mjs, the official SDK behind a token check) gets
// it from the warden's OS keychain (the real Secret Service: this test runs
// in a private D-Bus session with gnome-keyring, see tests/CMakeLists.txt),
// kept there with `wardenctl mcp-token set`. The agent in the sandbox never
// holds it and cannot add one of its own; it goes to that server's origin
// only; it is in no record and no output. A server declared to take a
// token, with none kept, is not spoken to at all.
//
// The same for a model provider's API key (`wardenctl model-key set`): the
// model door finds it in the keychain and sends it to the provider (the
// scripted model, a TEST DOUBLE for a hosted one); the agent holds only its
// stand-in.
#include "core/agents/ScriptedModel.h"
#include "core/store/AuditStore.h"
#include "support/LiveRunHarness.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QtTest>

using namespace warden;

namespace {

std::vector<nlohmann::json> steps(const QStringList &output)
{
    std::vector<nlohmann::json> out;
    for (const QString &line : output) {
        auto doc = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (doc.is_object() && doc.contains("step"))
            out.push_back(std::move(doc));
    }
    return out;
}

QString wardenctl()
{
    return QString::fromStdString(test::binaryDir() + "/app/wardenctl");
}

// `wardenctl mcp-token ACTION URL` (or another keychain command), with
// `input` on its standard input.
std::pair<int, QString> mcpToken(const QString &action, const QString &url, const QByteArray &input = {},
                                 const QString &command = QStringLiteral("mcp-token"))
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(wardenctl(), {command, action, url});
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000))
        return {-1, QStringLiteral("wardenctl mcp-token did not finish")};
    return {p.exitCode(), QString::fromUtf8(p.readAll())};
}

} // namespace

class TestMcpCredentials : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AuditStore> m_store;
    std::string m_image;
    QProcess m_server;
    QString m_url;
    QByteArray m_token;
    QByteArray m_serverSaid; // the server's lines so far

    std::string declarationFor(const QString &url) const
    {
        const QUrl at(url);
        const std::string destination = at.host().toStdString() + ":" + std::to_string(at.port());
        return nlohmann::json{{"warden", 1},
                              {"agent", "vault-agent"},
                              {"purpose", "reads who it is from a server that wants a token"},
                              {"destinations", {destination}},
                              {"internal_destinations", {destination}},
                              {"mcp_servers", {{"vault", {{"url", url.toStdString()}, {"token", "keychain"}}}}},
                              {"tools", {{"vault.whoami", nlohmann::json::object()}}},
                              {"processes", {"node"}}}
            .dump();
    }

    // An agent that calls vault.whoami through Warden's loopback endpoint,
    // sending an Authorization header of its own as it goes.
    test::RunOutcome runAgent(const QString &url)
    {
        const nlohmann::json plan = {{"server", "vault"},
                                     {"transport", "http"},
                                     {"headers", {{"Authorization", "Bearer agents-own-token"}}},
                                     {"calls", {{{"tool", "whoami"}}}}};
        RunConfig config;
        config.declaration = test::declaration(declarationFor(url));
        config.source = "test";
        config.hostKind = "bwrap";
        config.sandbox.image = m_image;
        config.sandbox.argv = {"node", "/work/agent_client.mjs", plan.dump()};
        config.sandbox.binds = {{test::mcpPeersDir(), "/work", false}};
        config.sandbox.wallSeconds = 60;
        ApprovalQueue queue;
        return test::runToEnd(*m_store, std::move(config), std::make_unique<BubblewrapSandbox>(), queue);
    }

    // Where the server's log stands, once what earlier runs sent (their
    // closing DELETE goes out as the run ends) has arrived.
    qsizetype mark()
    {
        QTest::qWait(500);
        m_serverSaid += m_server.readAllStandardOutput();
        return m_serverSaid.size();
    }

    // The Authorization headers the server has seen since `from`.
    QStringList seenSince(qsizetype from)
    {
        m_serverSaid += m_server.readAllStandardOutput();
        QStringList seen;
        for (const QByteArray &line : m_serverSaid.mid(from).split('\n')) {
            auto doc = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (doc.is_object() && doc.contains("authorization"))
                seen << QString::fromStdString(doc.at("authorization").get<std::string>());
        }
        return seen;
    }

    // Neither the store (database and its write-ahead log) nor the run's
    // output holds the token.
    void verifyTokenNowhere(const test::RunOutcome &run)
    {
        QVERIFY2(!run.output.join(QLatin1Char('\n')).contains(QString::fromLatin1(m_token)),
                 "the token is in the output");
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile db(QString::fromStdString(m_store->path()) + suffix);
            if (db.open(QIODevice::ReadOnly))
                QVERIFY2(!db.readAll().contains(m_token),
                         qPrintable(db.fileName() + QStringLiteral(" holds the token")));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session: ctest runs this test inside dbus-run-session with gnome-keyring");
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
        auto store = AuditStore::open(m_dir.filePath(QStringLiteral("credentials.db")).toStdString());
        QVERIFY(store.has_value());
        m_store = std::move(*store);
        m_token = "vault-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16) +
                  QByteArray::number(QRandomGenerator::system()->generate64(), 16);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MCP_TOKEN"), QString::fromLatin1(m_token));
        m_server.setProcessEnvironment(env);
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start(QStringLiteral("node"), {QString::fromStdString(test::mcpPeersDir() + "/token_server.mjs")});
        QVERIFY(QTest::qWaitFor(
            [&] {
                m_serverSaid += m_server.readAllStandardOutput();
                return m_serverSaid.contains('\n') || m_server.state() == QProcess::NotRunning;
            },
            20000));
        const auto listening =
            QRegularExpression(QStringLiteral("listening (http://\\S+)")).match(QString::fromUtf8(m_serverSaid));
        QVERIFY2(listening.hasMatch(), m_serverSaid.constData());
        m_url = listening.captured(1);
        m_serverSaid.clear();
        (void)mcpToken(QStringLiteral("remove"), m_url);
    }

    void cleanupTestCase()
    {
        (void)mcpToken(QStringLiteral("remove"), m_url);
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    // With no token kept, the server is not spoken to: the session fails,
    // saying where the token should be and how to put it there.
    void noTokenKeptNothingIsSent()
    {
        const qsizetype from = mark();
        const auto run = runAgent(m_url);
        const QString all = run.output.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("takes its token from the warden's keychain, which gave none")) &&
                     all.contains(QLatin1String("wardenctl mcp-token set http://127.0.0.1:")),
                 qPrintable(all));
        QTest::qWait(300);
        QVERIFY2(seenSince(from).isEmpty(), qPrintable(seenSince(from).join(QLatin1Char(','))));
    }

    // A token the server does not take: its refusal is said as such.
    void aWrongTokenIsNamedAsRefused()
    {
        auto [rc, said] = mcpToken(QStringLiteral("set"), m_url, "not-the-vault-token\n");
        QVERIFY2(rc == 0, qPrintable(said));
        const auto run = runAgent(m_url);
        const QString all = run.output.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("HTTP status 401 (the token from the warden's keychain was refused)")),
                 qPrintable(all));
    }

    // The kept token reaches the server, and only it: the agent's own
    // header never arrives, and the token is in no record or output.
    void theKeptTokenReachesTheServerOnly()
    {
        auto [rc, said] = mcpToken(QStringLiteral("set"), m_url, m_token + "\n");
        QVERIFY2(rc == 0 && said.contains(QLatin1String("kept the token for http://127.0.0.1:")), qPrintable(said));
        QVERIFY2(!said.contains(QString::fromLatin1(m_token)), "mcp-token set printed the token");
        auto [checked, told] = mcpToken(QStringLiteral("check"), m_url);
        QVERIFY2(checked == 0 && !told.contains(QString::fromLatin1(m_token)), qPrintable(told));

        const qsizetype from = mark();
        const auto run = runAgent(m_url);
        const auto said_ = steps(run.output);
        const QString all = run.output.join(QLatin1Char('\n'));
        QVERIFY2(run.state == QStringLiteral("finished"), qPrintable(all));
        bool called = false;
        for (const auto &s : said_)
            called = called || (s.at("step") == 0 && s.value("text", "") == "authorized by the vault's token");
        QVERIFY2(called, qPrintable(all));
        const QStringList seen = seenSince(from);
        QVERIFY2(!seen.isEmpty(), "the server saw no request");
        for (const QString &header : seen)
            QVERIFY2(header == QStringLiteral("Bearer ") + QString::fromLatin1(m_token),
                     qPrintable(QStringLiteral("the server saw: ") + header.left(40)));
        verifyTokenNowhere(run);
    }

    // The token is kept under its server's origin: a declaration that names
    // a server at another origin "vault" gets none, and that server hears nothing.
    void anotherOriginGetsNoToken()
    {
        QTcpServer elsewhere;
        QVERIFY(elsewhere.listen(QHostAddress::LocalHost));
        int connections = 0;
        connect(&elsewhere, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = elsewhere.nextPendingConnection()) {
                ++connections;
                s->close();
            }
        });
        const auto run = runAgent(QStringLiteral("http://127.0.0.1:%1/mcp").arg(elsewhere.serverPort()));
        const QString all = run.output.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("which gave none")), qPrintable(all));
        QCOMPARE(connections, 0);
    }

    // Removed, it is gone; check says so with exit status 1.
    void aTokenIsRemoved()
    {
        QCOMPARE(mcpToken(QStringLiteral("remove"), m_url).first, 0);
        auto [rc, said] = mcpToken(QStringLiteral("check"), m_url);
        QVERIFY2(rc == 1 && said.contains(QLatin1String("holds no token")), qPrintable(said));
        // Bad input is named, and nothing is kept.
        auto [bad, why] = mcpToken(QStringLiteral("set"), m_url, "two words\n");
        QVERIFY2(bad == 2 && why.contains(QLatin1String("visible ASCII")), qPrintable(why));
        auto [noUrl, whyUrl] = mcpToken(QStringLiteral("set"), QStringLiteral("ftp://x"), "t\n");
        QVERIFY2(noUrl == 2 && whyUrl.contains(QLatin1String("not an http or https URL")), qPrintable(whyUrl));
        QCOMPARE(mcpToken(QStringLiteral("check"), m_url).first, 1);
    }

    // A provider's key kept with wardenctl model-key: the model door sends
    // it, the agent's stand-in never; with none kept the request is refused,
    // naming the command that keeps one, and nothing reaches the provider.
    void aModelKeyComesFromTheKeychain()
    {
        const QString script = m_dir.filePath(QStringLiteral("model-script.json"));
        test::writeFile(script, R"({"turns": [{"text": "done"}]})");
        const QString log = m_dir.filePath(QStringLiteral("model-log.jsonl"));
        auto model = ScriptedModel::start(script.toStdString(), log.toStdString());
        QVERIFY2(model.has_value(), model ? "" : model.error().toString().c_str());
        const std::string url = (*model)->url();
        const std::string hostPort = url.substr(std::string("http").size() + 3);
        const nlohmann::json declared = {
            {"warden", 1},
            {"agent", "model-agent"},
            {"purpose", "asks its model once"},
            {"destinations", {hostPort}},
            {"internal_destinations", {hostPort}},
            {"models", {{"anthropic", {{"api", "anthropic"}, {"url", url}, {"key", "keychain"}}}}},
            {"processes", {"python3"}}};
        const std::string ask =
            "import os, urllib.request\n"
            "req = urllib.request.Request('http' + '://127.0.0.1:3130/v1/messages', method='POST',\n"
            "  data=b'{\"model\": \"claude-x\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": "
            "\"hi\"}]}',\n"
            "  headers={'content-type': 'application/json', 'x-api-key': os.environ.get('ANTHROPIC_API_KEY', "
            "'none')})\n"
            "opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))\n"
            "try:\n"
            "    print('status', opener.open(req, timeout=20).read().decode()[:300])\n"
            "except urllib.error.HTTPError as e:\n"
            "    print('status', e.code, e.read().decode()[:300])\n";
        auto runOnce = [&] {
            RunConfig config;
            config.declaration = test::declaration(declared.dump());
            config.source = "test";
            config.hostKind = "bwrap";
            config.sandbox.image = m_image;
            config.sandbox.argv = {"python3", "-c", ask};
            config.sandbox.wallSeconds = 60;
            ApprovalQueue queue;
            return test::runToEnd(*m_store, std::move(config), std::make_unique<BubblewrapSandbox>(), queue);
        };
        auto seenKeys = [&] {
            QStringList keys;
            QFile f(log);
            if (f.open(QIODevice::ReadOnly))
                for (const QByteArray &line : f.readAll().split('\n'))
                    if (auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
                        j.is_object() && j.contains("key"))
                        keys << QString::fromStdString(j.at("key").get<std::string>());
            return keys;
        };
        const QString origin = QString::fromStdString(url);
        (void)mcpToken(QStringLiteral("remove"), origin, {}, QStringLiteral("model-key"));
        const auto refused = runOnce();
        const QString said = refused.output.join(QLatin1Char('\n'));
        QVERIFY2(said.contains(QLatin1String("status 403")) &&
                     said.contains(QLatin1String("wardenctl model-key set ") + origin),
                 qPrintable(said));
        QVERIFY2(seenKeys().isEmpty(), qPrintable(seenKeys().join(QLatin1Char(','))));

        const QByteArray key = "sk-ant-kept-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
        auto [rc, kept] = mcpToken(QStringLiteral("set"), origin, key + "\n", QStringLiteral("model-key"));
        QVERIFY2(rc == 0 && kept.contains(QLatin1String("kept the key for")), qPrintable(kept));
        const auto answered = runOnce();
        const QString all = answered.output.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("status {")) && all.contains(QLatin1String("\"role\": \"assistant\"")),
                 qPrintable(all));
        QCOMPARE(seenKeys(), QStringList{QString::fromLatin1(key)});
        const QByteArray saved = m_token;
        m_token = key;
        verifyTokenNowhere(answered);
        m_token = saved;
        QCOMPARE(mcpToken(QStringLiteral("remove"), origin, {}, QStringLiteral("model-key")).first, 0);
    }
};

QTEST_GUILESS_MAIN(TestMcpCredentials)
#include "tst_mcpcredentials.moc"
