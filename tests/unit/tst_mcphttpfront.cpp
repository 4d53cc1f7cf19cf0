// The Streamable HTTP front over a real local socket, with sessions whose
// server is a scripted link: what a red-team review of 23's first part found.
// A request the client cancelled held its POST and its session forever (8 of
// them and no new session opened); a refused initialize for an undeclared
// server ended every idle session; a session whose client held its event
// stream was ended to make room; one progress token on two requests sent
// one's progress onto the other's stream.
#include "core/mcp/McpHttpFront.h"
#include "core/mcp/McpServerLink.h"
#include "core/mcp/McpSession.h"
#include "core/policy/Declaration.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QtTest>

using namespace warden;
using json = nlohmann::json;

namespace mcphttpfronttest {

// A server that answers initialize and tools/list at once, and tools/call
// only when told to (a call "in flight").
class ScriptedServer : public McpServerLink {
public:
    bool answerCalls = false;
    void start() override {}
    void stop() override {}
    void send(const json &m) override
    {
        if (!m.contains("id"))
            return;
        const std::string method = m.value("method", "");
        json result;
        if (method == "initialize")
            result = {{"protocolVersion", "2025-06-18"},
                      {"capabilities", {{"tools", json::object()}}},
                      {"serverInfo", {{"name", "scripted"}, {"version", "1"}}}};
        else if (method == "tools/list")
            result = {{"tools", json::array()}};
        else if (method == "tools/call" && answerCalls)
            result = {{"content", json::array({{{"type", "text"}, {"text", "ok"}}})}};
        if (result.is_null())
            return;
        QPointer<ScriptedServer> self(this);
        const json id = m.at("id");
        QMetaObject::invokeMethod(
            this,
            [self, id, result] {
                if (self)
                    Q_EMIT self->message({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
            },
            Qt::QueuedConnection);
    }
};

} // namespace mcphttpfronttest

using mcphttpfronttest::ScriptedServer;

class TestMcpHttpFront : public QObject {
    Q_OBJECT

    struct Fixture {
        QTemporaryDir dir;
        QLocalServer server;
        std::shared_ptr<Declaration> declaration = std::make_shared<Declaration>();
        McpHttpFront *front = nullptr;
        std::vector<QPointer<McpSession>> sessions; // the open ones
        std::uint32_t opened = 0;
        std::vector<std::pair<QPointer<McpSession>, McpCall>> calls;
        QStringList problems;

        Fixture()
        {
            ToolRule read;
            read.name = "files.read";
            declaration->tools[read.name] = read;
            front = new McpHttpFront([this](const std::string &name, QString &refusal, bool &full) -> McpSession * {
                full = false;
                if (name != "files") {
                    refusal = QStringLiteral("not declared");
                    return nullptr;
                }
                if (live() >= 8) {
                    full = true;
                    refusal = QStringLiteral("more than 8 MCP sessions open");
                    return nullptr;
                }
                McpServerRule rule;
                rule.name = "files";
                rule.command = {"server"};
                auto *session =
                    new McpSession(++opened, nullptr, rule, declaration, new ScriptedServer, McpSession::Limits{});
                QObject::connect(session, &McpSession::callReceived, session,
                                 [this, session](const McpCall &c) { calls.emplace_back(session, c); });
                // Gone from the count when it closes, as the bridge's own count is.
                QObject::connect(session, &McpSession::closed, session, [this, session] {
                    std::erase(sessions, QPointer<McpSession>(session));
                    session->deleteLater();
                });
                sessions.emplace_back(session);
                return session;
            });
            front->setKnown([](const std::string &name) { return name == "files"; });
            QObject::connect(front, &McpHttpFront::agentProblem, front,
                             [this](const QString &what) { problems << what; });
            server.listen(dir.filePath(QStringLiteral("mcp.sock")));
            QObject::connect(&server, &QLocalServer::newConnection, front, [this] {
                while (QLocalSocket *s = server.nextPendingConnection())
                    front->take(s);
            });
        }
        ~Fixture() { delete front; }
        int live() const
        {
            return static_cast<int>(std::count_if(sessions.begin(), sessions.end(), [](const auto &s) { return s; }));
        }
    };

    // One client connection: what it sent, what came back.
    struct Client {
        QLocalSocket socket;
        QByteArray got;
        explicit Client(Fixture &f)
        {
            QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [this] { got += socket.readAll(); });
            socket.connectToServer(f.server.fullServerName());
            socket.waitForConnected(2000);
        }
        void post(const json &body, const std::string &session = {}, bool stream = false,
                  const std::string &server = "files")
        {
            const QByteArray b = QByteArray::fromStdString(body.dump());
            QByteArray r = "POST /mcp/" + QByteArray::fromStdString(server) +
                           " HTTP/1.1\r\nHost: 127.0.0.1:3129\r\nContent-Type: application/json\r\n";
            r += stream ? "Accept: application/json, text/event-stream\r\n" : "Accept: application/json\r\n";
            if (!session.empty())
                r += "Mcp-Session-Id: " + QByteArray::fromStdString(session) + "\r\n";
            socket.write(r + "Content-Length: " + QByteArray::number(b.size()) + "\r\n\r\n" + b);
            socket.flush();
        }
        void stream(const std::string &session)
        {
            socket.write("GET /mcp/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: " +
                         QByteArray::fromStdString(session) + "\r\n\r\n");
            socket.flush();
        }
        int status() const { return got.startsWith("HTTP/1.1 ") ? got.mid(9, 3).toInt() : 0; }
        bool closed() const { return socket.state() == QLocalSocket::UnconnectedState; }
    };

    static json initialize()
    {
        return {{"jsonrpc", "2.0"},
                {"id", 0},
                {"method", "initialize"},
                {"params",
                 {{"protocolVersion", "2025-06-18"},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}};
    }
    static json call(int id, json meta = nullptr)
    {
        json params = {{"name", "read"}, {"arguments", json::object()}};
        if (!meta.is_null())
            params["_meta"] = meta;
        return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"}, {"params", params}};
    }
    static std::string open(Fixture &f)
    {
        Client c(f);
        c.post(initialize());
        if (!QTest::qWaitFor([&] { return c.got.contains("Mcp-Session-Id: "); }, 5000))
            return {};
        const qsizetype at = c.got.indexOf("Mcp-Session-Id: ") + 16;
        return c.got.mid(at, c.got.indexOf("\r\n", at) - at).toStdString();
    }
    static int status(Fixture &f, const std::string &session)
    {
        Client c(f);
        c.post({{"jsonrpc", "2.0"}, {"id", 99}, {"method", "ping"}}, session);
        (void)QTest::qWaitFor([&] { return c.status() != 0; }, 5000);
        return c.status();
    }

private Q_SLOTS:
    // A call the client cancelled gets no answer (the session sends none): its
    // POST ends, and the session owes nothing, so it can give way. Eight of
    // them left no room for a ninth session.
    void aCancelledRequestEndsItsPost()
    {
        Fixture f;
        std::vector<std::unique_ptr<Client>> waiting;
        for (int i = 0; i < 8; ++i) {
            const std::string session = open(f);
            QVERIFY(!session.empty());
            auto c = std::make_unique<Client>(f);
            c->post(call(7), session, i % 2 == 1); // half of them as answer streams
            QTRY_COMPARE(f.calls.size(), std::size_t(i + 1));
            Client cancel(f);
            cancel.post({{"jsonrpc", "2.0"},
                         {"method", "notifications/cancelled"},
                         {"params", {{"requestId", 7}, {"reason", "timed out"}}}},
                        session);
            QTRY_VERIFY(cancel.status() == 202);
            waiting.push_back(std::move(c));
        }
        for (auto &c : waiting)
            QTRY_VERIFY(c->closed());
        for (auto &[session, c] : f.calls)
            if (session)
                session->allow(c.id); // decided after the cancel: neither forwarded nor answered
        Client ninth(f);
        ninth.post(initialize());
        QTRY_COMPARE(ninth.status(), 200);
    }

    // An initialize for a server that is not declared is refused, and ends
    // none of the sessions that are there.
    void anUndeclaredServerEndsNoSession()
    {
        Fixture f;
        std::vector<std::string> sessions;
        for (int i = 0; i < 3; ++i)
            sessions.push_back(open(f));
        Client bad(f);
        bad.post(initialize(), {}, false, "nope");
        QTRY_COMPARE(bad.status(), 404);
        QCOMPARE(f.live(), 3);
        for (const auto &s : sessions)
            QCOMPARE(status(f, s), 200);
    }

    // A client holding its session's event stream is using it: idle
    // sessions without one go first, and it stays until the open cap.
    void aSessionWithItsStreamOpenIsKept()
    {
        Fixture f;
        std::vector<std::string> sessions;
        std::vector<std::unique_ptr<Client>> streams;
        for (int i = 0; i < 5; ++i) {
            sessions.push_back(open(f));
            auto s = std::make_unique<Client>(f);
            s->stream(sessions.back());
            QTRY_VERIFY(s->got.contains(": open"));
            streams.push_back(std::move(s));
        }
        // Five in use with their streams, then three left idle without one.
        for (int i = 0; i < 3; ++i)
            sessions.push_back(open(f));
        QCOMPARE(f.live(), 8);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(status(f, sessions[std::size_t(i)]), 200);
        // A ninth: the oldest stream-less idle session gives way, not a streaming one.
        const std::string ninth = open(f);
        QVERIFY(!ninth.empty());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(status(f, sessions[std::size_t(i)]), 200);
        QCOMPARE(status(f, sessions[5]), 404);
    }

    // Progress tokens are unique among open requests: a second request with
    // one in use is refused rather than given the first one's progress.
    void aProgressTokenInUseIsRefused()
    {
        Fixture f;
        const std::string session = open(f);
        Client first(f);
        first.post(call(1, {{"progressToken", "p"}}), session, true);
        QTRY_VERIFY(first.got.contains("text/event-stream"));
        Client second(f);
        second.post(call(2, {{"progressToken", "p"}}), session, true);
        QTRY_COMPARE(second.status(), 400);
        QVERIFY(second.got.contains("already in use"));
    }
};

QTEST_GUILESS_MAIN(TestMcpHttpFront)
#include "tst_mcphttpfront.moc"
