// The model door over real sockets: the agent's side a unix socket speaking
// HTTP/1.1, the provider the scripted model (a TEST DOUBLE for a hosted
// model: resources/agents/scripted-model.py, the vendors' real streaming
// APIs) on a loopback port. What reaches the provider is what the door
// sends: the warden's key, never the agent's; nothing for a request the
// run refuses.
#include "core/agents/ScriptedModel.h"
#include "core/model/ModelDoor.h"
#include "core/model/ModelTurn.h"
#include "core/policy/PolicyEngine.h"
#include "support/TestSupport.h"

#include <QLocalSocket>
#include <QSignalSpy>
#include <QTimer>

using namespace warden;

class TestModelDoor : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedModel> m_model;
    QString m_log;
    std::vector<Action> m_actions;
    std::vector<std::optional<Reason>> m_denials;
    int m_serial = 0;

    std::shared_ptr<const Declaration> declaration(const std::string &names = "", const std::string &budget = "")
    {
        const std::string hostPort = m_model->url().substr(std::string("http://").size());
        return test::declaration(R"({"warden": 1, "agent": "a", "purpose": "p",
            "destinations": [")" +
                                 hostPort + R"("], "internal_destinations": [")" + hostPort + R"("],
            "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                 m_model->url() + R"(", "key": "env:WARDEN_TEST_MODEL_KEY")" + names + budget + R"(},
                       "gemini": {"api": "gemini", "url": ")" +
                                 m_model->url() + R"(", "key": "env:WARDEN_TEST_MODEL_KEY"}}})");
    }

    // A door judging with the real policy engine, as a run does.
    std::unique_ptr<ModelDoor> door(std::shared_ptr<const Declaration> declared,
                                    std::vector<Judge::Canary> canaries = {})
    {
        auto engine = std::make_shared<PolicyEngine>(declared);
        auto d = std::make_unique<ModelDoor>(declared, canaries,
                                             [this, engine](Action a, std::optional<Reason> denial, auto answer) {
                                                 a.seq = static_cast<std::int64_t>(m_actions.size() + 1);
                                                 Verdict v = engine->evaluate(a);
                                                 if (denial) {
                                                     v.decision = Decision::Deny;
                                                     v.reasons.push_back(*denial);
                                                 }
                                                 m_actions.push_back(a);
                                                 m_denials.push_back(denial);
                                                 answer(v.decision == Decision::Allow, a.seq, v.reasonsText());
                                             });
        if (!d->listen(m_dir.filePath(QStringLiteral("model-%1.sock").arg(m_serial++))))
            return nullptr;
        return d;
    }

    // The agent's side of the door made last.
    bool connectToLastDoor(QLocalSocket &s) const
    {
        s.connectToServer(m_dir.filePath(QStringLiteral("model-%1.sock").arg(m_serial - 1)));
        return s.waitForConnected(3000);
    }

    static QByteArray post(const std::string &path, const std::string &body,
                           const std::string &extraHeaders = "x-api-key: the-agents-stand-in\r\n")
    {
        return QByteArray::fromStdString("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:3130\r\n" +
                                         "Content-Type: application/json\r\nAuthorization: Bearer agent-token\r\n" +
                                         extraHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                                         body);
    }

    // Reads one whole answer (chunked, or by Content-Length) off `s`.
    static QByteArray answerOf(QLocalSocket &s, QByteArray &pending)
    {
        QByteArray all = pending;
        auto complete = [&all]() -> qsizetype {
            const qsizetype head = all.indexOf("\r\n\r\n");
            if (head < 0)
                return -1;
            const QByteArray h = all.left(head).toLower();
            if (h.contains("transfer-encoding: chunked")) {
                const qsizetype end = all.indexOf("\r\n0\r\n\r\n", head);
                return end < 0 ? -1 : end + 7;
            }
            const qsizetype at = h.indexOf("content-length: ");
            if (at < 0)
                return -1;
            const qsizetype length = h.mid(at + 16, h.indexOf("\r\n", at) - at - 16).toLongLong();
            return all.size() >= head + 4 + length ? head + 4 + length : -1;
        };
        (void)QTest::qWaitFor(
            [&] {
                all += s.readAll();
                return complete() >= 0 || s.state() != QLocalSocket::ConnectedState;
            },
            15000);
        const qsizetype end = complete();
        if (end < 0)
            return all;
        pending = all.mid(end);
        return all.left(end);
    }

    std::vector<nlohmann::json> requestsSeen() const
    {
        std::vector<nlohmann::json> out;
        QFile f(m_log);
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n'))
                if (auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
                    j.is_object() && j.contains("body"))
                    out.push_back(std::move(j));
        return out;
    }

    const std::string kMessages = R"({"model": "claude-test", "stream": true, "max_tokens": 100,
        "messages": [{"role": "user", "content": "hello"}],
        "tools": [{"name": "Bash", "input_schema": {"type": "object"}}]})";

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(QStringLiteral("model.log"));
        test::writeFile(m_dir.filePath(QStringLiteral("script.json")),
                        R"({"turns": [{"shell": "cat README.md"}, {"text": "Done."}]})");
        auto model =
            ScriptedModel::start(m_dir.filePath(QStringLiteral("script.json")).toStdString(), m_log.toStdString());
        QVERIFY2(model.has_value(), model ? "" : model.error().message.c_str());
        m_model = std::move(*model);
        qputenv("WARDEN_TEST_MODEL_KEY", "the-warden-real-key");
    }

    void init()
    {
        m_actions.clear();
        m_denials.clear();
        QFile(m_log).open(QIODevice::WriteOnly | QIODevice::Truncate); // the model appends to it
    }

    // A streamed Messages request: judged as a model action, sent on with
    // the warden's key and none of the agent's credentials, its events
    // relayed, two requests on one kept-alive connection, each judged.
    void aRequestGoesOnWithTheWardensKey()
    {
        auto d = door(declaration());
        QVERIFY(d);
        QSignalSpy answered(d.get(), &ModelDoor::answered);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        for (int round = 0; round < 2; ++round) {
            s.write(post("/v1/messages?beta=true", kMessages));
            const QByteArray answer = answerOf(s, pending);
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
            QVERIFY2(answer.contains("text/event-stream"), answer.constData());
            QVERIFY2(answer.contains("\"tool_use\""), answer.constData()); // the scripted turn, streamed through
        }
        QTRY_COMPARE(answered.count(), 2);
        QCOMPARE(m_actions.size(), std::size_t(2));
        const Action &a = m_actions.front();
        QCOMPARE(a.kind, ActionKind::Model);
        QCOMPARE(a.source, std::string("model"));
        QCOMPARE(a.name, std::string("claude-test"));
        QVERIFY(a.url.ends_with("/v1/messages?beta=true"));
        const auto turn = answered.first().at(3).value<ModelTurn>();
        QCOMPARE(turn.toolUses.size(), std::size_t(1));
        QCOMPARE(turn.toolUses.front().name, std::string("Bash"));
        QCOMPARE(turn.toolUses.front().input.value("command", ""), std::string("cat README.md"));
        QCOMPARE(turn.stopReason, std::string("tool_use"));
        QCOMPARE(turn.inputTokens, std::int64_t(10));
        QCOMPARE(turn.outputTokens, std::int64_t(5));
        QCOMPARE(d->tokensSpent("anthropic"), std::int64_t(30));
        // At the provider: the warden's key, never the agent's stand-in or token.
        const auto seen = requestsSeen();
        QCOMPARE(seen.size(), std::size_t(2));
        for (const auto &r : seen)
            QCOMPARE(r.value("key", ""), std::string("the-warden-real-key"));
    }

    // A tool the provider would run itself (a web search, a remote MCP
    // server) reaches hosts from the provider's side: taken out of the
    // request unless the provider's declaration names it, and on record.
    void providerSideToolsGoOnlyWhenDeclared()
    {
        const std::string request = R"({"model": "claude-test", "stream": true, "max_tokens": 100,
            "messages": [{"role": "user", "content": "hello"}],
            "tools": [{"name": "Bash", "input_schema": {"type": "object"}},
                      {"type": "web_search_20250305", "name": "web_search", "max_uses": 5},
                      {"type": "code_execution_20250522", "name": "code_execution"}],
            "mcp_servers": [{"type": "url", "url": "https:\/\/mcp.attacker.example/sse", "name": "x"}]})";
        for (const bool declared : {false, true}) {
            const std::string hostPort = m_model->url().substr(std::string("http").size() + 3);
            auto d = door(test::declaration(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": [")" +
                                            hostPort + R"("], "internal_destinations": [")" + hostPort +
                                            R"("], "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                            m_model->url() + R"(", "key": "env:WARDEN_TEST_MODEL_KEY")" +
                                            (declared ? R"(, "provider_tools": ["web_search"])" : "") + "}}}"));
            QVERIFY(d);
            QLocalSocket s;
            QVERIFY(connectToLastDoor(s));
            QByteArray pending;
            s.write(post("/v1/messages", request));
            QVERIFY(answerOf(s, pending).startsWith("HTTP/1.1 200"));
            const nlohmann::json sent = requestsSeen().back().at("body");
            std::vector<std::string> tools;
            for (const auto &t : sent.at("tools"))
                tools.push_back(t.value("name", ""));
            QCOMPARE(tools,
                     declared ? (std::vector<std::string>{"Bash", "web_search"}) : (std::vector<std::string>{"Bash"}));
            QVERIFY(!sent.contains("mcp_servers"));
            QCOMPARE(m_actions.back().withheld,
                     declared ? (std::vector<std::string>{"code_execution", "mcp_servers"})
                              : (std::vector<std::string>{"web_search", "code_execution", "mcp_servers"}));
        }
    }

    // A key kept in the warden's keychain ("key": "keychain"): asked for
    // once, by the provider's origin, while the requests that need it wait.
    void aKeyFromTheKeychainIsAskedForOnce()
    {
        const std::string hostPort = m_model->url().substr(std::string("http").size() + 3);
        auto declared = test::declaration(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": [")" +
                                          hostPort + R"("], "internal_destinations": [")" + hostPort +
                                          R"("], "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                          m_model->url() + R"(", "key": "keychain"}}})");
        auto d = door(declared);
        QVERIFY(d);
        int asked = 0;
        std::string origin;
        d->setKeyLookup([&](const ModelProvider &p, auto done) {
            ++asked;
            origin = p.origin;
            QTimer::singleShot(300, d.get(), [done] { done(std::string("the-keychains-key"), std::string()); });
        });
        const std::size_t before = requestsSeen().size();
        QLocalSocket a, b;
        QVERIFY(connectToLastDoor(a));
        QVERIFY(connectToLastDoor(b));
        a.write(post("/v1/messages", kMessages));
        b.write(post("/v1/messages", kMessages));
        QByteArray pendingA, pendingB;
        QVERIFY(answerOf(a, pendingA).startsWith("HTTP/1.1 200"));
        QVERIFY(answerOf(b, pendingB).startsWith("HTTP/1.1 200"));
        QCOMPARE(asked, 1);
        QCOMPARE(origin, "http://" + hostPort);
        const auto seen = requestsSeen();
        QCOMPARE(seen.size(), before + 2);
        QCOMPARE(seen.back().value("key", ""), std::string("the-keychains-key"));
    }

    // A keychain that does not answer (a locked keyring waiting on a
    // prompt) fails the waiting request closed, naming why; a client that
    // leaves while it waits takes its request with it.
    void aSilentKeychainFailsClosed()
    {
        const std::string hostPort = m_model->url().substr(std::string("http").size() + 3);
        auto declared = test::declaration(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": [")" +
                                          hostPort + R"("], "internal_destinations": [")" + hostPort +
                                          R"("], "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                          m_model->url() + R"(", "key": "keychain"}}})");
        auto d = door(declared);
        QVERIFY(d);
        ModelDoor::Limits limits;
        limits.keyLookupSeconds = 1;
        d->setLimits(limits);
        int asked = 0;
        d->setKeyLookup([&](const ModelProvider &, auto) { ++asked; }); // never answers
        const std::size_t before = requestsSeen().size();
        {
            QLocalSocket gone;
            QVERIFY(connectToLastDoor(gone));
            gone.write(post("/v1/messages", kMessages));
            QVERIFY(gone.waitForBytesWritten(3000));
            QTest::qWait(100);
        } // it leaves while it waits
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        s.write(post("/v1/messages", kMessages));
        const QByteArray answer = answerOf(s, pending);
        QVERIFY2(answer.startsWith("HTTP/1.1 403") && answer.contains("did not answer within 1 s"), answer.constData());
        QCOMPARE(asked, 1);
        QCOMPARE(requestsSeen().size(), before);
    }

    // A model that searches the web by itself is a provider-side tool too.
    void aSearchModelNeedsWebSearchDeclared()
    {
        auto d = door(declaration());
        QVERIFY(d);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        s.write(post("/v1/messages", R"({"model": "gpt-4o-search-preview", "max_tokens": 10, "messages": []})"));
        const QByteArray answer = answerOf(s, pending);
        QVERIFY2(answer.startsWith("HTTP/1.1 403") && answer.contains("searches the web by itself"),
                 answer.constData());
    }

    // What the keychain holds is hostile too: a value that could split a
    // header is never sent; the refusal says why, and the keychain is not
    // asked again for the run.
    void aKeyThatCouldSplitAHeaderIsRefused()
    {
        const std::string hostPort = m_model->url().substr(std::string("http").size() + 3);
        auto declared = test::declaration(R"({"warden": 1, "agent": "a", "purpose": "p", "destinations": [")" +
                                          hostPort + R"("], "internal_destinations": [")" + hostPort +
                                          R"("], "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                          m_model->url() + R"(", "key": "keychain"}}})");
        auto d = door(declared);
        QVERIFY(d);
        int asked = 0;
        d->setKeyLookup([&](const ModelProvider &, auto done) {
            ++asked;
            done(std::string("sk-real\r\nX-Injected: yes"), std::string());
        });
        const std::size_t before = requestsSeen().size();
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        for (int round = 0; round < 2; ++round) {
            s.write(post("/v1/messages", kMessages));
            const QByteArray answer = answerOf(s, pending);
            QVERIFY2(answer.startsWith("HTTP/1.1 403") && answer.contains("wardenctl model-key set") &&
                         answer.contains("not one line of visible ASCII"),
                     answer.constData());
        }
        QCOMPARE(asked, 1);
        QCOMPARE(requestsSeen().size(), before);
    }

    // Refused before anything leaves: a model the declaration does not
    // name, a budget spent, a canary in the conversation, no key.
    void refusalsReachNobody_data()
    {
        QTest::addColumn<QString>("case_");
        QTest::newRow("model not named") << QStringLiteral("names");
        QTest::newRow("budget spent") << QStringLiteral("budget");
        QTest::newRow("canary in the body") << QStringLiteral("canary");
        QTest::newRow("no key") << QStringLiteral("key");
    }
    void refusalsReachNobody()
    {
        QFETCH(QString, case_);
        const QByteArray keyBefore = qgetenv("WARDEN_TEST_MODEL_KEY");
        std::vector<Judge::Canary> canaries;
        std::shared_ptr<const Declaration> declared = declaration();
        std::string body = kMessages;
        if (case_ == QLatin1String("names"))
            declared = declaration(R"(, "names": ["claude-sonnet-*"])");
        if (case_ == QLatin1String("budget"))
            declared = declaration("", R"(, "max_tokens": 15)");
        if (case_ == QLatin1String("canary")) {
            canaries = {{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"}};
            body =
                R"({"model": "claude-test", "messages": [{"role": "user", "content": "key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"}]})";
        }
        if (case_ == QLatin1String("key"))
            qunsetenv("WARDEN_TEST_MODEL_KEY");
        auto d = door(declared, canaries);
        QVERIFY(d);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        if (case_ == QLatin1String("budget")) { // the first spends it
            s.write(post("/v1/messages", kMessages));
            QVERIFY(answerOf(s, pending).startsWith("HTTP/1.1 200"));
            QTRY_COMPARE(d->tokensSpent("anthropic"), std::int64_t(15));
            QFile(m_log).open(QIODevice::WriteOnly | QIODevice::Truncate);
        }
        s.write(post("/v1/messages", body));
        const QByteArray answer = answerOf(s, pending);
        qputenv("WARDEN_TEST_MODEL_KEY", keyBefore);
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QVERIFY2(answer.contains("refused by Warden"), answer.constData());
        if (case_ == QLatin1String("key"))
            QVERIFY2(answer.contains("WARDEN_TEST_MODEL_KEY"), answer.constData());
        QVERIFY(!m_actions.empty()); // on record all the same
        QCOMPARE(m_actions.back().kind, ActionKind::Model);
        QTest::qWait(200);
        QVERIFY2(requestsSeen().empty(), "a refused request reached the provider");
    }

    // An API the declaration names no provider for is refused, named, and
    // on record; a request sent behind it waits, unread, for its turn and
    // is judged on its own.
    void anApiWithoutAProviderIsRefused()
    {
        auto d = door(declaration());
        QVERIFY(d);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        s.write(post("/v1/responses", R"({"model": "gpt-test", "input": []})") + post("/v1/messages", kMessages));
        const QByteArray first = answerOf(s, pending);
        QVERIFY2(first.startsWith("HTTP/1.1 403"), first.constData());
        QVERIFY2(first.contains("no model provider for the openai API is declared"), first.constData());
        const QByteArray second = answerOf(s, pending);
        QVERIFY2(second.startsWith("HTTP/1.1 200"), second.constData());
        QCOMPARE(m_actions.size(), std::size_t(2));
        QCOMPARE(m_actions.front().kind, ActionKind::Model);
        QTRY_COMPARE(requestsSeen().size(), std::size_t(1)); // the second only
    }

    // Gemini: the model from the path, the agent's ?key= never sent on.
    void geminiKeyInTheUrlIsDropped()
    {
        auto d = door(declaration());
        QVERIFY(d);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        s.write(post("/v1beta/models/gemini-test:streamGenerateContent?alt=sse&key=AIzaAgentsOwn",
                     R"({"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
                         "tools": [{"functionDeclarations": [{"name": "run_shell_command"}]}]})",
                     "x-goog-api-key: AIzaAgentsOwn\r\n"));
        const QByteArray answer = answerOf(s, pending);
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        const auto seen = requestsSeen();
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen.front().value("key", ""), std::string("the-warden-real-key"));
        QCOMPARE(seen.front().value("path", ""),
                 std::string("/v1beta/models/gemini-test:streamGenerateContent?alt=sse"));
        QCOMPARE(m_actions.back().name, std::string("gemini-test"));
    }

    // What the agent sends that is not a model request is answered and
    // never sent on; framing that could be read two ways ends the connection.
    void hostileRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown path") << post("/v1/files", "{}") << 404;
        QTest::newRow("not JSON") << post("/v1/messages", "{\"model\":") << 400;
        QTest::newRow("duplicate model") << post("/v1/messages", R"({"model":"a","model":"b"})") << 400;
        QTest::newRow("no model") << post("/v1/messages", R"({"messages":[]})") << 400;
        QTest::newRow("model with a newline") << post("/v1/messages", R"({"model":"a\r\nx-api-key: y"})") << 400;
        QTest::newRow("GET") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n") << 405;
        QTest::newRow("chunked")
            << QByteArray("POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 400;
        QTest::newRow("too large") << QByteArray(
                                          "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
                                   << 400;
    }
    void hostileRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        auto d = door(declaration());
        QVERIFY(d);
        QLocalSocket s;
        QVERIFY(connectToLastDoor(s));
        QByteArray pending;
        s.write(request);
        const QByteArray answer = answerOf(s, pending);
        const QByteArray expected = QByteArray("HTTP/1.1 ") + QByteArray::number(status);
        QVERIFY2(answer.startsWith(expected), answer.constData());
        QTest::qWait(100);
        QVERIFY(requestsSeen().empty());
    }

    // Each API's answer, streamed or whole, read for the record.
    void turnsAreRead()
    {
        const auto anthropic =
            ModelTurn::read(ModelApi::Anthropic, "application/json",
                            R"({"type":"message","content":[{"type":"tool_use","name":"Bash","input":{"command":"ls"}}],
                "stop_reason":"tool_use","usage":{"input_tokens":7,"output_tokens":3}})");
        QCOMPARE(anthropic.toolUses.size(), std::size_t(1));
        QCOMPARE(anthropic.inputTokens + anthropic.outputTokens, std::int64_t(10));
        const auto openai = ModelTurn::read(
            ModelApi::OpenAI, "text/event-stream",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\","
            "\"output\":[{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":[\\\"ls\\\"]}"
            "\"}],"
            "\"usage\":{\"input_tokens\":4,\"output_tokens\":2}}}\n\n");
        QCOMPARE(openai.toolUses.size(), std::size_t(1));
        QCOMPARE(openai.toolUses.front().name, std::string("shell"));
        QVERIFY(openai.toolUses.front().input.is_object());
        QCOMPARE(openai.stopReason, std::string("completed"));
        const auto gemini = ModelTurn::read(ModelApi::Gemini, "text/event-stream",
                                            "data: "
                                            "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":"
                                            "\"run_shell_command\",\"args\":{}}}]},"
                                            "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,"
                                            "\"candidatesTokenCount\":1}}\r\n\r\n");
        QCOMPARE(gemini.toolUses.size(), std::size_t(1));
        QCOMPARE(gemini.stopReason, std::string("STOP"));
        // Garbage is no turn, and no crash.
        const auto none =
            ModelTurn::read(ModelApi::Anthropic, "text/event-stream", "data: [[[[[[[[\n\ndata: {\"type\":1}\n\n");
        QVERIFY(none.toolUses.empty());
    }
};

QTEST_GUILESS_MAIN(TestModelDoor)
#include "tst_modeldoor.moc"
