#include "core/json/LocatedJson.h"
#include "core/policy/Declaration.h"
#include "support/TestSupport.h"

using namespace warden;
using warden::test::bytes;

class TestDeclaration : public QObject {
    Q_OBJECT

    static Error errorOf(const std::string &text)
    {
        auto d = Declaration::parse(text, "decl.json");
        if (d)
            qFatal("expected an error for: %s", text.c_str());
        return d.error();
    }

private Q_SLOTS:
    void readsTheExamples()
    {
        for (const char *name : {"code-bot.json", "kubesleuth.json"}) {
            auto d = Declaration::load(warden::test::sourceDir() + "/resources/declarations/" + name);
            QVERIFY2(d.has_value(), d ? "" : d.error().toString().c_str());
            QVERIFY(!d->tools.empty());
            QCOMPARE(d->sha256.size(), std::size_t(64));
        }
        auto k = Declaration::load(warden::test::sourceDir() + "/resources/declarations/kubesleuth.json");
        const ToolRule &exec = k->tools.at("execute_kubernetes_command");
        QVERIFY(exec.approvalRequired);
        QVERIFY(exec.hours.has_value());
        QCOMPARE(exec.params.at("command").allowWords.size(), std::size_t(3));
        QCOMPARE(exec.params.at("command").deny.size(), std::size_t(5));
    }

    void internalDestinationsAreAnOptInPerDestination()
    {
        auto d = Declaration::parse(R"({"warden": 1, "agent": "a", "purpose": "p",
            "destinations": ["db.internal:5432", "api.example"], "internal_destinations": ["db.internal:5432"]})",
                                    "d.json");
        QVERIFY2(d.has_value(), d ? "" : d.error().toString().c_str());
        QVERIFY(d->mayReachInternal("db.internal", 5432));
        QVERIFY(!d->mayReachInternal("db.internal", 5433));
        QVERIFY(!d->mayReachInternal("api.example", 443));
    }

    // A server at a URL: its destination declared (a wildcard will do), its
    // host kept canonical with the port its scheme implies.
    void anMcpServerAtAUrlIsReadWithItsDestination()
    {
        const nlohmann::json text = {{"warden", 1},
                                     {"agent", "a"},
                                     {"purpose", "p"},
                                     {"destinations", {"*.example.com"}},
                                     {"mcp_servers", {{"docs", {{"url", "https://MCP.Example.com/mcp?tenant=1"}}}}},
                                     {"tools", {{"docs.search", nlohmann::json::object()}}}};
        auto d = Declaration::parse(text.dump(), "d.json");
        QVERIFY2(d.has_value(), d ? "" : d.error().toString().c_str());
        const McpServerRule &docs = d->mcpServers.at("docs");
        QCOMPARE(docs.url, std::string("https://MCP.Example.com/mcp?tenant=1"));
        QCOMPARE(docs.host, std::string("mcp.example.com"));
        QCOMPARE(docs.port, 443);
        QCOMPARE(docs.origin, std::string("https://mcp.example.com:443"));
        QVERIFY(docs.command.empty());
        QVERIFY(!docs.tokenFromKeychain);

        // Its token from the warden's keychain: said, never given.
        nlohmann::json withToken = text;
        withToken["mcp_servers"]["docs"]["token"] = "keychain";
        auto t = Declaration::parse(withToken.dump(), "d.json");
        QVERIFY2(t.has_value(), t ? "" : t.error().toString().c_str());
        QVERIFY(t->mcpServers.at("docs").tokenFromKeychain);
    }

    // A provider behind the model door: its API, URL (a declared
    // destination), where the warden finds its key, the names and budget.
    void aModelProviderIsRead()
    {
        // (A URL in a raw string is written with JSON's "\/": moc reads "//" there as a comment.)
        auto d = Declaration::parse(R"({"warden": 1, "agent": "a", "purpose": "p",
            "destinations": ["api.anthropic.com"],
            "models": {"claude": {"api": "anthropic", "url": "https:\/\/api.anthropic.com\/", "key": "env:ANTHROPIC_API_KEY",
                                  "names": ["claude-sonnet-*", "claude-haiku-4"], "max_tokens": 500000}}})",
                                    "decl.json");
        QVERIFY2(d.has_value(), d ? "" : d.error().toString().c_str());
        const ModelProvider *p = d->modelFor(ModelApi::Anthropic);
        QVERIFY(p);
        QCOMPARE(p->url, std::string("https://api.anthropic.com"));
        QCOMPARE(p->port, 443);
        QCOMPARE(p->keyVariable, std::string("ANTHROPIC_API_KEY"));
        QCOMPARE(p->maxTokens, std::int64_t(500000));
        QVERIFY(p->allows("claude-sonnet-4-5"));
        QVERIFY(p->allows("claude-haiku-4"));
        QVERIFY(!p->allows("claude-haiku-4-1"));
        QVERIFY(!p->allows("gpt-5"));
        QVERIFY(!d->modelFor(ModelApi::OpenAI));
        QCOMPARE(p->origin, std::string("https://api.anthropic.com:443"));
        // The key in the warden's keychain instead, by the URL's origin.
        auto k =
            Declaration::parse(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": ["models.example:8443"],
            "models": {"m": {"api": "openai", "url": "https:\/\/models.example:8443\/v1", "key": "keychain"}}})",
                               "decl.json");
        QVERIFY2(k.has_value(), k ? "" : k.error().toString().c_str());
        QVERIFY(k->modelFor(ModelApi::OpenAI)->keyVariable.empty());
        QCOMPARE(k->modelFor(ModelApi::OpenAI)->origin, std::string("https://models.example:8443"));
        // An IPv6 address in brackets, as wardenctl model-key writes the origin.
        auto v6 = Declaration::parse(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": ["[::1]:8080"],
            "internal_destinations": ["[::1]:8080"],
            "models": {"m": {"api": "gemini", "url": "http:\/\/[::1]:8080", "key": "keychain"}}})",
                                     "decl.json");
        QVERIFY2(v6.has_value(), v6 ? "" : v6.error().toString().c_str());
        QCOMPARE(v6->modelFor(ModelApi::Gemini)->origin, std::string("http://[::1]:8080"));
    }

    void errorsNameFileLineAndField_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("message");
        const QByteArray head = "{\n\"warden\": 1,\n\"agent\": \"a\",\n\"purpose\": \"p\",\n";
        QTest::newRow("unknown top field")
            << head + "\"toolz\": {}\n}" << 5 << QByteArray("/toolz") << QByteArray("unknown field");
        QTest::newRow("wrong version") << QByteArray("{\"warden\": 2, \"agent\": \"a\", \"purpose\": \"p\"}") << 1
                                       << QByteArray("/warden")
                                       << QByteArray("unsupported declaration format version 2");
        QTest::newRow("missing agent") << QByteArray("{\"warden\": 1,\n \"purpose\": \"p\"}") << 0
                                       << QByteArray("/agent") << QByteArray("missing required field");
        QTest::newRow("missing purpose") << QByteArray("{\"warden\": 1, \"agent\": \"a\"}") << 0
                                         << QByteArray("/purpose") << QByteArray("missing required field");
        QTest::newRow("agent not string") << QByteArray("{\"warden\": 1,\n\"agent\": 7, \"purpose\": \"p\"}") << 2
                                          << QByteArray("/agent") << QByteArray("must be a string");
        QTest::newRow("internal not declared")
            << head + "\"destinations\": [\"api.example\"],\n"
                      "\"internal_destinations\": [\"127.0.0.1:8080\"]\n}"
            << 6 << QByteArray("/internal_destinations/0") << QByteArray("is not in \"destinations\"");
        QTest::newRow("bad regex") << head + "\"tools\": {\"t\": {\"params\": {\"c\": {\"type\": \"command\",\n"
                                             "\"allow\": [\"ls\"],\n\"deny\": [\"(unclosed\"]}}}}\n}"
                                   << 7 << QByteArray("/tools/t/params/c/deny/0")
                                   << QByteArray("invalid regular expression");
        QTest::newRow("bad type") << head + "\"tools\": {\"t\": {\"params\": {\"p\": {\n\"type\": \"pathh\"}}}}}" << 6
                                  << QByteArray("/tools/t/params/p/type") << QByteArray("unknown type \"pathh\"");
        QTest::newRow("field for other type")
            << head + "\"tools\": {\"t\": {\"params\": {\"p\": {\"type\": \"string\",\n\"within\": [\"/x\"]}}}}}" << 6
            << QByteArray("/tools/t/params/p/within") << QByteArray("does not apply to a string parameter");
        QTest::newRow("relative within")
            << head + "\"tools\": {\"t\": {\"params\": {\"p\": {\"type\": \"path\",\n\"within\": [\"data\"]}}}}}" << 6
            << QByteArray("/tools/t/params/p/within/0") << QByteArray("not absolute");
        QTest::newRow("pin not a digest")
            << head + "\"tools\": {\"t\": {\n\"pinned\": \"md5:abc\"}}}" << 6 << QByteArray("/tools/t/pinned")
            << QByteArray("must be \"sha256:\" and 64 lowercase hex digits");
        QTest::newRow("pin on a gateway tool")
            << head + "\"tools\": {\"t\": {\n\"pinned\": \"sha256:" + QByteArray(64, 'a') + "\"}}}" << 6
            << QByteArray("/tools/t/pinned") << QByteArray("only an MCP server's tool");
        QTest::newRow("traversal within") << head + "\"files\": {\"read\": [\"/data/../etc\"]}}" << 5
                                          << QByteArray("/files/read/0") << QByteArray("\"..\"");
        QTest::newRow("bad approval") << head + "\"tools\": {\"t\": {\"approval\": \"maybe\"}}}" << 5
                                      << QByteArray("/tools/t/approval")
                                      << QByteArray("must be \"required\" or \"none\"");
        QTest::newRow("bad hours") << head + "\"tools\": {\"t\": {\"hours\": \"9-5\"}}}" << 5
                                   << QByteArray("/tools/t/hours") << QByteArray("HH:MM-HH:MM");
        QTest::newRow("bad tz") << head + "\"tools\": {\"t\": {\"hours\": \"09:00-17:00\",\n\"tz\": \"Nowhere/City\"}}}"
                                << 6 << QByteArray("/tools/t/tz") << QByteArray("unknown time zone");
        QTest::newRow("bad destination") << head + "\"destinations\": [\"ok.example\",\n\"*\"]}" << 6
                                         << QByteArray("/destinations/1") << QByteArray("destination \"*\"");
        QTest::newRow("duplicate key")
            << head + "\"tools\": {\"t\": {\"approval\": \"required\",\n\"approval\": \"none\"}}}" << 6
            << QByteArray("/tools/t/approval") << QByteArray("duplicate key");
        QTest::newRow("bad process mode")
            << head + "\"processes\": [\"python3\"],\n\"undeclared_processes\": \"allow\"}" << 6
            << QByteArray("/undeclared_processes") << QByteArray("\"deny\" or \"observe\"");
        QTest::newRow("syntax error") << head + "\"tools\": {,}\n}" << 5 << QByteArray("")
                                      << QByteArray("syntax error");
        QTest::newRow("command without allow")
            << head + "\"tools\": {\"t\": {\"params\": {\"c\": {\"type\": \"command\"}}}}}" << 5
            << QByteArray("/tools/t/params/c") << QByteArray("needs an \"allow\" list");
        QTest::newRow("min over max")
            << head + "\"tools\": {\"t\": {\"params\": {\"n\": {\"type\": \"integer\", \"min\": 5, \"max\": 1}}}}}" << 5
            << QByteArray("/tools/t/params/n") << QByteArray("\"min\" is greater");
        QTest::newRow("empty enum") << head + "\"tools\": {\"t\": {\"params\": {\"k\": {\"enum\": []}}}}}" << 5
                                    << QByteArray("/tools/t/params/k/enum") << QByteArray("non-empty");
        QTest::newRow("not an object") << QByteArray("[1, 2]") << 1 << QByteArray("/")
                                       << QByteArray("must be a JSON object");
        QTest::newRow("allow with operator")
            << head + "\"tools\": {\"t\": {\"params\": {\"c\": {\"type\": \"command\", \"allow\": [\"ls | sh\"]}}}}}"
            << 5 << QByteArray("/tools/t/params/c/allow/0") << QByteArray("shell pipe");
        QTest::newRow("tz without hours") << head + "\"tools\": {\"t\": {\"tz\": \"UTC\"}}}" << 5
                                          << QByteArray("/tools/t/tz") << QByteArray("no effect");
        QTest::newRow("mcp server bad name") << head + "\"mcp_servers\": {\"fi les\": {\"command\": [\"srv\"]}}}" << 5
                                             << QByteArray("/mcp_servers/fi les") << QByteArray("letters, digits");
        QTest::newRow("mcp server both command and url")
            << head + "\"mcp_servers\": {\"s\": {\"command\": [\"srv\"],\n\"url\": \"https://x.example/mcp\"}}}" << 5
            << QByteArray("/mcp_servers/s") << QByteArray("exactly one of");
        QTest::newRow("mcp server empty command")
            << head + "\"mcp_servers\": {\"s\": {\"command\": []}}}" << 5 << QByteArray("/mcp_servers/s/command")
            << QByteArray("name the program");
        QTest::newRow("mcp server relative data")
            << head + "\"mcp_servers\": {\"s\": {\"command\": [\"srv\"], \"data\": \"files\"}}}" << 5
            << QByteArray("/mcp_servers/s/data") << QByteArray("absolute directory");
        QTest::newRow("mcp server root data")
            << head + "\"mcp_servers\": {\"s\": {\"command\": [\"srv\"], \"data\": \"/x/..\"}}}" << 5
            << QByteArray("/mcp_servers/s/data") << QByteArray("other than /");
        QTest::newRow("mcp url server with data")
            << head + "\"mcp_servers\": {\"s\": {\"url\": \"https://x.example/mcp\", \"data\": \"/srv\"}}}" << 5
            << QByteArray("/mcp_servers/s/data") << QByteArray("only a stdio server");
        QTest::newRow("mcp server token given in the declaration")
            << head + "\"mcp_servers\": {\"s\": {\"url\": \"https://x.example/mcp\", \"token\": \"sk-live-1\"}}}" << 5
            << QByteArray("/mcp_servers/s/token") << QByteArray("never goes in a declaration");
        QTest::newRow("mcp stdio server with a token")
            << head + "\"mcp_servers\": {\"s\": {\"command\": [\"srv\"], \"token\": \"keychain\"}}}" << 5
            << QByteArray("/mcp_servers/s/token") << QByteArray("is sent a token");
        QTest::newRow("mcp url not http") << head + "\"mcp_servers\": {\"s\": {\"url\": \"file:///etc/passwd\"}}}" << 5
                                          << QByteArray("/mcp_servers/s/url") << QByteArray("http or https");
        QTest::newRow("mcp url server whose destination is not declared")
            << head + "\"mcp_servers\": {\"s\": {\"url\": \"https://mcp.example/mcp\"}}}" << 5
            << QByteArray("/mcp_servers/s/url") << QByteArray("\"mcp.example:443\" is not in \"destinations\"");
        QTest::newRow("mcp url server on another port than declared")
            << head + "\"destinations\": [\"mcp.example:443\"],\n\"mcp_servers\": {\"s\": {\"url\": "
                      "\"https://mcp.example:8443/mcp\"}}}"
            << 6 << QByteArray("/mcp_servers/s/url") << QByteArray("\"mcp.example:8443\" is not in");
        QTest::newRow("mcp url with a password")
            << head + "\"destinations\": [\"mcp.example\"],\n\"mcp_servers\": {\"s\": {\"url\": "
                      "\"https://me:secret@mcp.example/mcp\"}}}"
            << 6 << QByteArray("/mcp_servers/s/url") << QByteArray("user name or password");
        QTest::newRow("mcp unknown field") << head + "\"mcp_servers\": {\"s\": {\"command\": [\"srv\"], \"env\": {}}}}"
                                           << 5 << QByteArray("/mcp_servers/s/env") << QByteArray("unknown field");
        const QByteArray model = head + "\"destinations\": [\"api.anthropic.com\"],\n\"models\": {\"claude\": ";
        QTest::newRow("model key written in the declaration")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"sk-ant-1\"}}}" << 6
            << QByteArray("/models/claude/key") << QByteArray("never goes in a declaration");
        QTest::newRow("model api unknown")
            << model + "{\"api\": \"llama\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:K\"}}}" << 6
            << QByteArray("/models/claude/api") << QByteArray("\"anthropic\", \"openai\" or \"gemini\"");
        QTest::newRow("model url not declared")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://evil.example\", \"key\": \"env:K\"}}}" << 6
            << QByteArray("/models/claude/url") << QByteArray("\"evil.example:443\" is not in \"destinations\"");
        QTest::newRow("model url with a password")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://k:s@api.anthropic.com\", \"key\": \"env:K\"}}}" << 6
            << QByteArray("/models/claude/url") << QByteArray("user name or password");
        QTest::newRow("model key variable malformed")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:A B\"}}}" << 6
            << QByteArray("/models/claude/key") << QByteArray("env:VARIABLE");
        QTest::newRow("model budget zero")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:K\", "
                       "\"max_tokens\": 0}}}"
            << 6 << QByteArray("/models/claude/max_tokens") << QByteArray("positive");
        QTest::newRow("two providers of one api")
            << model +
                   "{\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:K\"},\n"
                   "\"other\": {\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:K\"}}}"
            << 7 << QByteArray("/models/other/api") << QByteArray("one provider an API");
        QTest::newRow("model unknown field")
            << model + "{\"api\": \"anthropic\", \"url\": \"https://api.anthropic.com\", \"key\": \"env:K\", "
                       "\"token\": \"x\"}}}"
            << 6 << QByteArray("/models/claude/token") << QByteArray("unknown field");
        QTest::newRow("mcp tool of an undeclared server")
            << head + "\"mcp_servers\": {\"files\": {\"command\": [\"srv\"]}},\n\"tools\": {\"flies.read\": {}}}" << 6
            << QByteArray("/tools/flies.read") << QByteArray("not a server");
    }
    void errorsNameFileLineAndField()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, message);
        Error e = errorOf(text.toStdString());
        QCOMPARE(bytes(e.file), QByteArray("decl.json"));
        if (line > 0)
            QCOMPARE(e.line, line);
        if (!field.isEmpty())
            QCOMPARE(bytes(e.field), field);
        QVERIFY2(bytes(e.message).contains(message), e.toString().c_str());
        QVERIFY(bytes(e.toString()).startsWith("decl.json:"));
    }

    void missingFileIsAnError()
    {
        auto d = Declaration::load("/nonexistent/decl.json");
        QVERIFY(!d);
        QCOMPARE(bytes(d.error().file), QByteArray("/nonexistent/decl.json"));
    }

    void locatedJsonLines()
    {
        auto doc = LocatedJson::parse("{\n  \"a\": {\n    \"b\": [1,\n 2]\n  }\n}", "x");
        QVERIFY(doc.has_value());
        QCOMPARE(doc->lineOf("/a/b/0"), 3);
        QCOMPARE(doc->lineOf("/a/b/1"), 4);
        QCOMPARE(doc->lineOf("/a/b/7"), 3); // falls back to the array
        QCOMPARE(bytes(LocatedJson::child("/a", "x/y~z")), QByteArray("/a/x~1y~0z"));
        std::string deep(200, '[');
        QVERIFY(!LocatedJson::parse(deep, "x"));
    }
};

QTEST_GUILESS_MAIN(TestDeclaration)
#include "tst_declaration.moc"
