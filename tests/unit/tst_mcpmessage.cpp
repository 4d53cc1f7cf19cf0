// The one reader for MCP lines, from the agent's client and from servers:
// each shape of JSON-RPC 2.0 message is told apart, and everything else is
// refused with the reason (and the id, where one can be answered).
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
};

QTEST_GUILESS_MAIN(TestMcpMessage)
#include "tst_mcpmessage.moc"
