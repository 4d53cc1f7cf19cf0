// Agent CLIs' MCP configurations, read to put their servers behind Warden
// (wardenctl declare --from-agent-config), and the TOML reader for Codex's
// config.toml: what each format says of a server, what is guessed and said,
// what is dropped (a server's environment: keys), errors that name the file,
// the line or the field, and the rewritten configuration.
#include "core/mcp/AgentMcpConfig.h"
#include "core/mcp/CodexToml.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace warden;
using json = nlohmann::json;

class TestAgentMcpConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string write(const QString &name, const QByteArray &text)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(name));
        return f.fileName().toStdString();
    }
    static bool mentions(const std::vector<std::string> &notes, const char *text)
    {
        return std::any_of(notes.begin(), notes.end(),
                           [&](const std::string &n) { return n.find(text) != std::string::npos; });
    }

private Q_SLOTS:
    void tomlAsCodexWritesIt()
    {
        // (Not a raw string: moc reads a line that starts with # in one as a directive.)
        const char *text = "# Codex CLI\n"
                           "model = \"gpt-5.1-codex\"\n"
                           "approval_policy = \"never\"   # unattended\n"
                           "[model_providers.local]\n"
                           "name = \"scripted\"\n"
                           "base_url = 'http://127.0.0.1:8080/v1'\n"
                           "[mcp_servers.files]\n"
                           "command = \"node\"\n"
                           "args = [\n"
                           "  \"/srv/mcp/index.js\", # the server\n"
                           "  \"/srv/notes\",\n"
                           "]\n"
                           "startup_timeout_sec = 20\n"
                           "enabled_tools = [\"read\", \"write\"]\n"
                           "[mcp_servers.files.env]\n"
                           "TOKEN = \"s3cr3t\"\n"
                           "[mcp_servers.\"with space\"]\n"
                           "url = \"https://mcp.example.com/mcp\"\n"
                           "notes = \"\"\"\n"
                           "first line\n"
                           "second \"quoted\" line\\\n"
                           "  joined\"\"\"\n"
                           "inline = { a = 1, b.c = [1.5, -2e3, 0x1F, true, 1_000], d = \"\\u00e9\" }\n";
        auto doc = CodexToml::parse(text, "config.toml");
        QVERIFY2(doc.has_value(), doc ? "" : doc.error().toString().c_str());
        QCOMPARE(doc->at("model"), json("gpt-5.1-codex"));
        QCOMPARE(doc->at("model_providers").at("local").at("base_url"), json("http://127.0.0.1:8080/v1"));
        const json &files = doc->at("mcp_servers").at("files");
        QCOMPARE(files.at("args"), json({"/srv/mcp/index.js", "/srv/notes"}));
        QCOMPARE(files.at("env").at("TOKEN"), json("s3cr3t"));
        const json &spaced = doc->at("mcp_servers").at("with space");
        QCOMPARE(spaced.at("notes"), json("first line\nsecond \"quoted\" line"
                                          "joined"));
        QCOMPARE(spaced.at("inline").at("b").at("c"), json({1.5, -2000.0, 31, true, 1000}));
        QCOMPARE(spaced.at("inline").at("d"), json("\xc3\xa9"));
    }

    void tomlErrorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("key twice") << QByteArray("a = 1\nb = 2\na = 3\n") << 3 << QByteArray("given twice");
        QTest::newRow("table twice") << QByteArray("[t]\na = 1\n[t]\n") << 3 << QByteArray("opened twice");
        QTest::newRow("open string") << QByteArray("a = \"never ends\nb = 1\n") << 1
                                     << QByteArray("does not end on its line");
        QTest::newRow("array of tables") << QByteArray("x = 1\n[[servers]]\n") << 2 << QByteArray("arrays of tables");
        QTest::newRow("date") << QByteArray("when = 1979-05-27T07:32:00Z\n") << 1 << QByteArray("dates");
        QTest::newRow("bad escape") << QByteArray("a = \"\\q\"\n") << 1 << QByteArray("unknown escape");
        QTest::newRow("two values") << QByteArray("a = 1 2\n") << 1 << QByteArray("end of the line");
        QTest::newRow("deep keys") << QByteArray("[" + QByteArray("a.").repeated(40) + "b]\n") << 1
                                   << QByteArray("nested deeper");
        QTest::newRow("deep arrays") << QByteArray("a = " + QByteArray("[").repeated(40) + "\n") << 1
                                     << QByteArray("nested deeper");
        QTest::newRow("surrogate") << QByteArray("a = \"\\uD800\"\n") << 1 << QByteArray("not a character");
    }
    void tomlErrorsNameTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QByteArray, message);
        auto doc = CodexToml::parse(text.toStdString(), "config.toml");
        QVERIFY(!doc.has_value());
        QCOMPARE(doc.error().file, std::string("config.toml"));
        QCOMPARE(doc.error().line, line);
        QVERIFY2(doc.error().message.find(message.toStdString()) != std::string::npos, doc.error().message.c_str());
    }

    void quotedRoundTrips()
    {
        for (const std::string &s : {std::string("plain"), std::string("q\"b\\s\nn\tt\r"), std::string("\x01\x1f"),
                                     std::string("\xc3\xa9"), std::string(1, '\0')}) {
            auto doc = CodexToml::parse("k = " + CodexToml::quoted(s) + "\n", "x");
            QVERIFY(doc.has_value());
            QCOMPARE(doc->at("k").get<std::string>(), s);
        }
    }

    // Claude Code's .mcp.json as `claude mcp add --scope project` writes it.
    void claudeCodeConfig()
    {
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("pkg/node_modules/server/dist"))));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("notes"))));
        const std::string program = write(QStringLiteral("pkg/node_modules/server/dist/index.js"), "// server\n");
        const std::string notes = m_dir.filePath(QStringLiteral("notes")).toStdString();
        const json config = {
            {"mcpServers",
             {{"files",
               {{"type", "stdio"},
                {"command", "node"},
                {"args", {program, notes}},
                {"env", {{"API_KEY", "never-shown"}}}}},
              {"docs", {{"type", "http"}, {"url", "https://mcp.example.com/mcp"}, {"headers", {{"X-Key", "k"}}}}}}}};
        auto read = AgentMcpConfig::read(write(QStringLiteral(".mcp.json"), QByteArray::fromStdString(config.dump(2))));
        QVERIFY2(read.has_value(), read ? "" : read.error().toString().c_str());
        QCOMPARE(read->format(), AgentMcpConfig::Format::ClaudeJson);
        QCOMPARE(read->servers().size(), std::size_t(2));
        const McpServerRule &docs = read->servers().at(0);
        QCOMPARE(docs.name, std::string("docs"));
        QCOMPARE(docs.url, std::string("https://mcp.example.com/mcp"));
        QCOMPARE(docs.host, std::string("mcp.example.com"));
        const McpServerRule &files = read->servers().at(1);
        QCOMPARE(files.command, (std::vector<std::string>{"node", program, notes}));
        // Guessed and said: the package up to its node_modules, the data directory.
        QCOMPARE(files.codeDir, m_dir.filePath(QStringLiteral("pkg")).toStdString());
        QCOMPARE(files.dataDir, notes);
        QVERIFY(mentions(read->notes(), "guessed from its command line"));
        QVERIFY(mentions(read->notes(), "\"env\" is dropped"));
        // A URL server's headers carried its credential: not copied; the
        // warden's keychain holds it instead, and the declaration says so.
        QVERIFY(mentions(read->notes(), "\"headers\" is not copied"));
        QVERIFY(mentions(read->notes(), "wardenctl mcp-token set https://mcp.example.com:443"));
        QVERIFY(docs.tokenFromKeychain);
        QVERIFY(!files.tokenFromKeychain);
        for (const auto &n : read->notes())
            QVERIFY2(n.find("never-shown") == std::string::npos, n.c_str());
        // Rewritten: each server through warden-mcp, the values gone.
        const std::string rewritten = read->rewritten();
        QVERIFY(rewritten.find("never-shown") == std::string::npos);
        const json again = json::parse(rewritten);
        QCOMPARE(again.at("mcpServers").at("files"),
                 json({{"type", "stdio"}, {"command", AgentMcpConfig::kRelay}, {"args", {"files"}}}));
        QCOMPARE(again.at("mcpServers").at("docs").at("args"), json({"docs"}));
    }

    // Gemini CLI's settings.json: its own sections kept, httpUrl read, trust kept.
    void geminiSettings()
    {
        const json settings = {{"security", {{"auth", {{"selectedType", "gemini-api-key"}}}}},
                               {"mcpServers",
                                {{"remote", {{"httpUrl", "http://127.0.0.1:9000/mcp"}, {"trust", false}}},
                                 {"old", {{"url", "http://127.0.0.1:9001/sse"}, {"timeout", 5000}}},
                                 {"fetch", {{"command", "npx"}, {"args", {"-y", "some-server"}}}}}}};
        auto read =
            AgentMcpConfig::read(write(QStringLiteral("settings.json"), QByteArray::fromStdString(settings.dump())));
        QVERIFY2(read.has_value(), read ? "" : read.error().toString().c_str());
        QCOMPARE(read->format(), AgentMcpConfig::Format::GeminiJson);
        QVERIFY(mentions(read->notes(), "older SSE transport"));
        QVERIFY(mentions(read->notes(), "npx fetches the server"));
        const json again = json::parse(read->rewritten());
        QCOMPARE(again.at("security"), settings.at("security"));
        QCOMPARE(again.at("mcpServers").at("remote"),
                 json({{"command", AgentMcpConfig::kRelay}, {"args", {"remote"}}, {"trust", false}}));
        QCOMPARE(again.at("mcpServers").at("old").at("timeout"), json(5000));
    }

    // Codex's config.toml: every other table stays, the servers come back as warden-mcp.
    void codexConfig()
    {
        const QByteArray text = "model = \"gpt-5.1-codex\"\n\n[mcp_servers.files]\ncommand = \"node\"\n"
                                "args = [\"/srv/mcp/index.js\"]\n\n[mcp_servers.files.env]\nTOKEN = \"s3cr3t\"\n\n"
                                "[tools]\nweb_search = false\n";
        auto read = AgentMcpConfig::read(write(QStringLiteral("config.toml"), text));
        QVERIFY2(read.has_value(), read ? "" : read.error().toString().c_str());
        QCOMPARE(read->format(), AgentMcpConfig::Format::CodexToml);
        const std::string rewritten = read->rewritten();
        QVERIFY(rewritten.find("s3cr3t") == std::string::npos);
        auto again = CodexToml::parse(rewritten, "rewritten");
        QVERIFY2(again.has_value(), rewritten.c_str());
        QCOMPARE(again->at("model"), json("gpt-5.1-codex"));
        QCOMPARE(again->at("tools").at("web_search"), json(false));
        QCOMPARE(again->at("mcp_servers"),
                 json({{"files", {{"command", AgentMcpConfig::kRelay}, {"args", {"files"}}}}}));
    }

    void badConfigsNameTheField_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no servers") << QStringLiteral("a.json") << QByteArray("{\"x\": 1}") << QByteArray("/mcpServers")
                                    << QByteArray("configures no MCP server");
        QTest::newRow("duplicate key") << QStringLiteral("b.json")
                                       << QByteArray("{\"mcpServers\": {\"a\": {\"command\": \"x\"}, \"a\": {}}}")
                                       << QByteArray("") << QByteArray("duplicate");
        QTest::newRow("bad name") << QStringLiteral("c.json")
                                  << QByteArray("{\"mcpServers\": {\"a b\": {\"command\": \"x\"}}}")
                                  << QByteArray("/mcpServers/a b") << QByteArray("server name");
        QTest::newRow("args not strings")
            << QStringLiteral("d.json") << QByteArray("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"args\": [1]}}}")
            << QByteArray("/mcpServers/a/args") << QByteArray("array of strings");
        QTest::newRow("url with password")
            << QStringLiteral("e.json") << QByteArray("{\"mcpServers\": {\"a\": {\"url\": \"https://u:p@h/\"}}}")
            << QByteArray("/mcpServers/a/url") << QByteArray("without a user name");
        QTest::newRow("no command") << QStringLiteral("f.toml") << QByteArray("[mcp_servers.a]\nargs = []\n")
                                    << QByteArray("mcp_servers.a/command") << QByteArray("needs a \"command\"");
    }
    void badConfigsNameTheField()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, message);
        const std::string path = write(name, text);
        auto read = AgentMcpConfig::read(path);
        QVERIFY(!read.has_value());
        QCOMPARE(read.error().file, path);
        if (!field.isEmpty())
            QCOMPARE(read.error().field, field.toStdString());
        QVERIFY2(read.error().toString().find(message.toStdString()) != std::string::npos,
                 read.error().toString().c_str());
    }
};

QTEST_GUILESS_MAIN(TestAgentMcpConfig)
#include "tst_agentmcpconfig.moc"
