// The warden's client for an MCP server at a URL against a server that
// behaves badly on purpose (a QTcpServer speaking raw HTTP, each answer
// scripted): event streams that end before their answer are resumed from
// their last event, a bounded number of times, and only from an id a header
// can carry; the server's own stream (GET) is opened once the session is
// initialized, and a server that does not offer one is left alone.
#include "core/mcp/McpRemoteServer.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <functional>

using namespace warden;
using nlohmann::json;

namespace {

// One HTTP request as the server read it.
struct Seen {
    QByteArray method;
    QByteArray head;
    json body;
};

// A scripted HTTP server: `answer` writes the whole response (and the
// connection is closed after it).
class ScriptedServer : public QObject {
public:
    std::function<QByteArray(const Seen &)> answer;
    std::vector<Seen> seen;

    ScriptedServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto *buffer = new QByteArray;
                connect(s, &QTcpSocket::disconnected, s, [s, buffer] {
                    delete buffer;
                    s->deleteLater();
                });
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    Seen r;
                    r.head = buffer->left(end);
                    r.method = r.head.left(r.head.indexOf(' '));
                    const qsizetype at = r.head.toLower().indexOf("content-length:");
                    const int length =
                        at < 0 ? 0 : r.head.mid(at + 15, r.head.indexOf('\r', at) - at - 15).trimmed().toInt();
                    if (buffer->size() < end + 4 + length)
                        return;
                    r.body = json::parse(buffer->mid(end + 4, length).toStdString(), nullptr, false);
                    buffer->clear();
                    seen.push_back(r);
                    s->write(answer(r));
                    s->disconnectFromHost();
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server.serverPort()); }
    int count(const char *method) const
    {
        return static_cast<int>(
            std::count_if(seen.begin(), seen.end(), [&](const Seen &s) { return s.method == method; }));
    }

private:
    QTcpServer m_server;
};

QByteArray jsonAnswer(const json &message, const char *session = "s-1")
{
    const std::string body = message.dump();
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: " + QByteArray(session) +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
           QByteArray::fromStdString(body);
}

QByteArray eventsAnswer(const QByteArray &events)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + events;
}

json initializeResult(const json &id)
{
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"result",
             {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}, {"serverInfo", {{"name", "s"}}}}}};
}

McpServerRule ruleFor(const QString &url)
{
    return *McpServerRule::atUrl("scripted", url.toStdString());
}

struct Client {
    McpRemoteServer link;
    std::vector<json> messages;
    explicit Client(const QString &url)
        : link(
              ruleFor(url), [](auto answer) { answer(true, {}); }, McpRemoteServer::Addresses::InternalToo)
    {
        QObject::connect(&link, &McpServerLink::message, &link, [this](const json &m) { messages.push_back(m); });
    }
    const json *answerTo(int id) const
    {
        for (const json &m : messages)
            if (m.contains("id") && m.at("id") == id && (m.contains("result") || m.contains("error")))
                return &m;
        return nullptr;
    }
};

const json kInitialize = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "initialize"},
                          {"params", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}}};
const json kCall = {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", {{"name", "t"}}}};

} // namespace

class TestMcpRemoteServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A server that primes every stream with an id and a retry of 0 and
    // closes it at once: resumed five times, then the call fails, said why.
    void aStreamThatNeverAnswersIsResumedABoundedNumberOfTimes()
    {
        ScriptedServer server;
        server.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            return eventsAnswer("id: e-1\nretry: 0\ndata: \n\n");
        };
        Client client(server.url());
        client.link.start();
        client.link.send(kInitialize);
        client.link.send(kCall);
        QTRY_VERIFY_WITH_TIMEOUT(client.answerTo(2), 10000);
        const json &failed = *client.answerTo(2);
        QVERIFY2(failed.contains("error") && failed.at("error").at("message").get<std::string>().find(
                                                 "ended 5 times before the answer") != std::string::npos,
                 failed.dump().c_str());
        QCOMPARE(server.count("GET"), 5);
        for (const Seen &s : server.seen)
            if (s.method == "GET")
                QVERIFY2(s.head.contains("Last-Event-ID: e-1"), s.head.constData());
    }

    // An id a header could not carry is not sent back: no resumption, and
    // the call fails at once.
    void anIdAHeaderCannotCarryIsNotResumedFrom()
    {
        ScriptedServer server;
        server.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            return eventsAnswer("id: e-1\rInjected: yes\nretry: 0\ndata: \n\n");
        };
        Client client(server.url());
        client.link.start();
        client.link.send(kInitialize);
        client.link.send(kCall);
        QTRY_VERIFY_WITH_TIMEOUT(client.answerTo(2), 10000);
        QVERIFY(client.answerTo(2)->contains("error"));
        QCOMPARE(server.count("GET"), 0);
    }

    // Resumed, the answer arrives on the new stream: the call ends with it.
    void theAnswerArrivesOnTheResumedStream()
    {
        ScriptedServer server;
        server.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            if (r.method == "POST")
                return eventsAnswer("id: e-1\nretry: 50\ndata: \n\n");
            const json result = {{"jsonrpc", "2.0"}, {"id", 2}, {"result", {{"content", json::array()}}}};
            return eventsAnswer("id: e-2\ndata: " + QByteArray::fromStdString(result.dump()) + "\n\n");
        };
        Client client(server.url());
        client.link.start();
        client.link.send(kInitialize);
        client.link.send(kCall);
        QTRY_VERIFY_WITH_TIMEOUT(client.answerTo(2), 10000);
        QVERIFY2(client.answerTo(2)->contains("result"), client.answerTo(2)->dump().c_str());
        QCOMPARE(server.count("GET"), 1);
    }

    // Once initialized, the server's own stream is opened, and what the
    // server asks there reaches the session; a server without one (405)
    // is not asked again.
    void theServersOwnStreamIsOpenedOnce()
    {
        ScriptedServer server;
        server.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            if (r.method == "POST")
                return QByteArray("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            const json ask = {
                {"jsonrpc", "2.0"}, {"id", 7}, {"method", "elicitation/create"}, {"params", json::object()}};
            return eventsAnswer("data: " + QByteArray::fromStdString(ask.dump()) + "\n\n");
        };
        Client client(server.url());
        client.link.start();
        client.link.send(kInitialize);
        QTRY_VERIFY_WITH_TIMEOUT(client.answerTo(1), 10000);
        client.link.send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(client.messages.begin(), client.messages.end(),
                        [](const json &m) { return m.value("method", "") == "elicitation/create"; }),
            10000);
        QVERIFY(server.count("GET") >= 1);

        ScriptedServer without;
        without.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            if (r.method == "POST")
                return QByteArray("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return QByteArray("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        };
        Client plain(without.url());
        plain.link.start();
        plain.link.send(kInitialize);
        QTRY_VERIFY_WITH_TIMEOUT(plain.answerTo(1), 10000);
        plain.link.send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
        QTRY_COMPARE_WITH_TIMEOUT(without.count("GET"), 1, 10000);
        QTest::qWait(1500); // past the default retry: nothing more
        QCOMPARE(without.count("GET"), 1);
    }

    // A body on a notification's answer is not a message the client asked
    // for: dropped.
    void aBodyOnANotificationIsDropped()
    {
        ScriptedServer server;
        server.answer = [](const Seen &r) {
            if (r.method == "POST" && r.body.value("method", "") == "initialize")
                return jsonAnswer(initializeResult(r.body.at("id")));
            if (r.method == "POST")
                return jsonAnswer({{"jsonrpc", "2.0"}, {"id", 99}, {"result", {{"forged", true}}}});
            return QByteArray("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        };
        Client client(server.url());
        client.link.start();
        client.link.send(kInitialize);
        QTRY_VERIFY_WITH_TIMEOUT(client.answerTo(1), 10000);
        client.link.send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
        QTRY_COMPARE_WITH_TIMEOUT(server.count("GET"), 1, 10000);
        QTest::qWait(200);
        QVERIFY(!client.answerTo(99));
    }
};

QTEST_GUILESS_MAIN(TestMcpRemoteServer)
#include "tst_mcpremoteserver.moc"
