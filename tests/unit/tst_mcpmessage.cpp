// The one reader for MCP lines, from the agent's client and from servers:
// each shape of JSON-RPC 2.0 message is told apart, and everything else is
// refused with the reason (and the id, where one can be answered). And the
// reader for the same messages over Streamable HTTP.
#include "core/mcp/McpEventStream.h"
#include "core/mcp/McpHttpRequest.h"
#include "core/mcp/McpMessage.h"

#include <QtTest>

using namespace warden;

class TestMcpMessage : public QObject {
    Q_OBJECT

    static McpMessage read(const char *line) { return McpMessage::parse(line, 4096); }

private Q_SLOTS:
    void eachShapeIsToldApart()
    {
        auto request = read(R"({"jsonrpc":"2.0","id":"7","method":"tools/call","params":{"name":"t"}})");
        QCOMPARE(request.kind, McpMessage::Kind::Request);
        QCOMPARE(request.id, nlohmann::json("7"));
        QCOMPARE(request.params.at("name"), nlohmann::json("t"));
        auto note = read(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
        QCOMPARE(note.kind, McpMessage::Kind::Notification);
        QVERIFY(note.params.is_object() && note.params.empty());
        auto result = read(R"({"jsonrpc":"2.0","id":3,"result":{"tools":[]}})");
        QCOMPARE(result.kind, McpMessage::Kind::Response);
        QVERIFY(result.error.is_null());
        auto error = read(R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}})");
        QCOMPARE(error.kind, McpMessage::Kind::Response);
        QCOMPARE(error.error.at("code"), nlohmann::json(-32601));
    }

    void whatIsNotAMessageIsRefused_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("why");
        QTest::addColumn<bool>("answerable"); // the id came through for the error reply
        QTest::newRow("not json") << QByteArray("{") << QByteArray("not JSON") << false;
        QTest::newRow("batch") << QByteArray(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])")
                               << QByteArray("not one JSON-RPC object") << false;
        QTest::newRow("old version") << QByteArray(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")
                                     << QByteArray("\"jsonrpc\"") << false;
        QTest::newRow("unknown field") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"ping","extra":1})")
                                       << QByteArray("unknown field") << false;
        QTest::newRow("duplicate id") << QByteArray(R"({"jsonrpc":"2.0","id":1,"id":2,"method":"ping"})")
                                      << QByteArray("duplicate") << false;
        QTest::newRow("object id") << QByteArray(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})")
                                   << QByteArray("\"id\"") << false;
        QTest::newRow("params array") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x","params":[1]})")
                                      << QByteArray("\"params\"") << true;
        QTest::newRow("method number") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":5})")
                                       << QByteArray("method name") << true;
        QTest::newRow("result and error")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}})")
            << QByteArray("one of") << true;
        QTest::newRow("result not object")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"result":[]})") << QByteArray("not an object") << true;
        QTest::newRow("error without code") << QByteArray(R"({"jsonrpc":"2.0","id":1,"error":{"message":"m"}})")
                                            << QByteArray("integer \"code\"") << true;
        QTest::newRow("response without id")
            << QByteArray(R"({"jsonrpc":"2.0","result":{}})") << QByteArray("needs the \"id\"") << false;
        QTest::newRow("deep") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":)") +
                                     QByteArray(100, '[') + QByteArray(100, ']') + "}}"
                              << QByteArray("deeper") << false;
        QTest::newRow("too long") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":")") +
                                         QByteArray(5000, 'x') + "\"}}"
                                  << QByteArray("") << false;
    }
    void whatIsNotAMessageIsRefused()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, why);
        QFETCH(bool, answerable);
        const McpMessage m =
            McpMessage::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), 4096);
        QCOMPARE(m.kind, McpMessage::Kind::Invalid);
        QVERIFY2(QByteArray::fromStdString(m.why).contains(why), m.why.c_str());
        QCOMPARE(m.id.is_null(), !answerable);
        // The error reply always serialises, with a null id when none is known.
        const auto reply = McpMessage::errorReply(m.id, -32600, m.why);
        QCOMPARE(reply.at("id").is_null(), !answerable);
    }

    // Requests arrive in pieces and back to back: each is taken whole, by
    // its Content-Length, and only then.
    void anHttpRequestIsTakenWhole()
    {
        const QByteArray one = "POST /mcp/files HTTP/1.1\r\nHost: [::1]:3129\r\nContent-Type: application/json; "
                               "charset=utf-8\r\nContent-Length: 2\r\nMcp-Session-Id: abc\r\n"
                               "MCP-Protocol-Version: 2025-11-25\r\n\r\n{}";
        for (qsizetype cut = 0; cut < one.size(); ++cut) {
            auto partial = McpHttpRequest::parse(one.left(cut));
            QVERIFY2(partial.has_value() && !partial->has_value(), one.left(cut).constData());
        }
        auto both = McpHttpRequest::parse(one + "DELETE /mcp/files HTTP/1.1\r\n");
        QVERIFY(both.has_value() && both->has_value());
        const McpHttpRequest &r = **both;
        QCOMPARE(r.length, one.size());
        QCOMPARE(r.body, QByteArray("{}"));
        QCOMPARE(r.server, std::string("files"));
        QCOMPARE(r.sessionId, std::string("abc"));
        QCOMPARE(r.protocolVersion, std::string("2025-11-25"));
        QVERIFY(r.keepAlive);
    }

    void anHttpRequestOutsideTheRulesIsRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray post = "POST /mcp/files HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n";
        QTest::newRow("no host") << post + "\r\n{}" << 400;
        QTest::newRow("a public host") << post + "Host: example.com\r\n\r\n{}" << 403;
        QTest::newRow("a host that only starts as loopback") << post + "Host: 127.0.0.1.evil.example\r\n\r\n{}" << 403;
        QTest::newRow("a port that is not one") << post + "Host: localhost:http\r\n\r\n{}" << 403;
        QTest::newRow("a foreign origin") << post + "Host: localhost\r\nOrigin: https://evil.example\r\n\r\n{}" << 403;
        QTest::newRow("an origin without a scheme") << post + "Host: localhost\r\nOrigin: localhost\r\n\r\n{}" << 403;
        QTest::newRow("a session id with a space") << post + "Host: localhost\r\nMcp-Session-Id: a b\r\n\r\n{}" << 400;
        QTest::newRow("a session id too long")
            << post + "Host: localhost\r\nMcp-Session-Id: " + QByteArray(129, 'a') + "\r\n\r\n{}" << 400;
        QTest::newRow("an unknown version")
            << post + "Host: localhost\r\nMCP-Protocol-Version: 2099-01-01\r\n\r\n{}" << 400;
        QTest::newRow("a server name with a slash")
            << QByteArray("POST /mcp/files/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n") << 404;
        QTest::newRow("another path") << QByteArray("POST /sse HTTP/1.1\r\nHost: localhost\r\n\r\n") << 404;
        QTest::newRow("an absolute URL")
            << QByteArray("POST http://127.0.0.1:3129/mcp/files HTTP/1.1\r\nHost: localhost\r\n\r\n") << 400;
        QTest::newRow("a GET without a session")
            << QByteArray("GET /mcp/files HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n") << 400;
        QTest::newRow("a GET that takes no events")
            << QByteArray("GET /mcp/files HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                          "Mcp-Session-Id: a\r\n\r\n")
            << 406;
        QTest::newRow("a POST that takes no JSON")
            << QByteArray("POST /mcp/files HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                          "Accept: text/html\r\nContent-Length: 2\r\n\r\n{}")
            << 406;
        QTest::newRow("an empty POST")
            << QByteArray("POST /mcp/files HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n")
            << 400;
        QTest::newRow("two lengths") << post + "Host: localhost\r\nContent-Length: 2\r\n\r\n{}" << 400;
    }
    void anHttpRequestOutsideTheRulesIsRefused()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        auto r = McpHttpRequest::parse(request);
        QVERIFY2(!r.has_value(), request.constData());
        QCOMPARE(r.error().status, status);
        QVERIFY(!r.error().message.empty());
    }

    // A server's event stream, a byte at a time: each event's data comes out
    // when its blank line arrives, multi-line data is joined, the rest is
    // read past, and an event past the bound breaks the stream for good.
    void anEventStreamIsReadInAnyPieces()
    {
        const std::string stream = "id: 1\r\ndata: \r\n\r\n: keep-alive\nevent: message\ndata: {\"a\":\ndata: 1}\n\n"
                                   "retry: 100\ndata:{\"b\":2}\n\ndata: {\"c\":3}";
        McpEventStream events(64);
        std::vector<std::string> out;
        for (char c : stream)
            QVERIFY(events.feed(std::string_view(&c, 1), out));
        QCOMPARE(out, (std::vector<std::string>{"{\"a\":\n1}", "{\"b\":2}"}));
        QCOMPARE(events.finish(), std::string("{\"c\":3}"));

        McpEventStream bounded(64);
        std::vector<std::string> none;
        QVERIFY(!bounded.feed("data: " + std::string(100, 'x') + "\n\n", none));
        QVERIFY(!bounded.feed("data: {}\n\n", none));
        QVERIFY(none.empty() && bounded.broken() && bounded.finish().empty());
        McpEventStream endless(64);
        QVERIFY(!endless.feed(std::string(100, 'x'), none)); // a line that never ends
    }

    // What a stream is resumed from: the id of the last event dispatched
    // (a priming event without data counts), the server's retry hint, and
    // nothing that could not be sent back as a header.
    void anEventStreamKeepsWhereToResumeFrom()
    {
        McpEventStream events(256);
        std::vector<std::string> out;
        QVERIFY(events.feed("id: event-1\nretry: 500\ndata: \n\n", out));
        QVERIFY(out.empty());
        QCOMPARE(events.lastEventId(), std::string("event-1"));
        QCOMPARE(events.retryMs(), qint64(500));
        QVERIFY(events.feed("id: event-2\ndata: {}\n", out));
        QCOMPARE(events.lastEventId(), std::string("event-1")); // not dispatched yet
        QVERIFY(events.feed("\n", out));
        QCOMPARE(events.lastEventId(), std::string("event-2"));
        // An id a header could not carry, a retry that is not a number, a
        // retry too large to be meant: none is taken.
        QVERIFY(events.feed("id: two words\nretry: 5x\nretry: 99999999999\n\n", out));
        QCOMPARE(events.lastEventId(), std::string());
        QCOMPARE(events.retryMs(), qint64(500));
        QVERIFY(events.feed("id: " + std::string(129, 'i') + "\n\n", out));
        QCOMPARE(events.lastEventId(), std::string());
    }
};

QTEST_GUILESS_MAIN(TestMcpMessage)
#include "tst_mcpmessage.moc"
