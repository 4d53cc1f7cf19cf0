// The byte formats at the trust boundary: gateway request lines, proxy
// request heads, Docker's multiplexed log stream.
#include "core/egress/HttpRequestHead.h"
#include "core/gateway/GatewayRequest.h"
#include "core/sandbox/DockerStreamDemuxer.h"
#include "support/TestSupport.h"

using namespace warden;

class TestWireFormats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gatewayRequests()
    {
        auto ok = GatewayRequest::parse(
            "{\"id\":\"7\",\"tool\":\"delete_file\",\"params\":{\"path\":\"/tmp/x\"},\"justification\":\"cleanup\"}");
        QVERIFY(ok.has_value());
        QCOMPARE(QByteArray::fromStdString(ok->tool), QByteArray("delete_file"));
        QVERIFY(!GatewayRequest::parse("not json"));
        QVERIFY(!GatewayRequest::parse("[1]"));
        QVERIFY(!GatewayRequest::parse("{\"id\":7,\"tool\":\"t\"}"));
        QVERIFY(!GatewayRequest::parse("{\"id\":\"7\"}"));
        QVERIFY(!GatewayRequest::parse("{\"id\":\"7\",\"tool\":\"t\",\"params\":[]}"));
        QVERIFY(
            !GatewayRequest::parse("{\"id\":\"7\",\"tool\":\"t\",\"run\":\"other-run\"}")); // identity is the socket
        QVERIFY(!GatewayRequest::parse("{\"id\":\"" + std::string(65, 'x') + "\",\"tool\":\"t\"}"));
        QCOMPARE(QByteArray::fromStdString(GatewayRequest::idOf("{\"id\":\"9\",\"tool\":5}")), QByteArray("9"));
    }

    void proxyHeads()
    {
        auto partial = HttpRequestHead::parse("CONNECT attacker.example:443 HTTP/1.1\r\nHost: x\r\n");
        QVERIFY(partial.has_value() && !partial->has_value());
        auto connect =
            HttpRequestHead::parse("CONNECT attacker.example:443 HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
        QVERIFY(connect.has_value() && connect->has_value());
        QVERIFY((*connect)->isConnect());
        QCOMPARE(QByteArray::fromStdString((*connect)->target), QByteArray("attacker.example:443"));
        auto post = HttpRequestHead::parse("POST http://a.example/c HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
        QVERIFY(post.has_value() && post->has_value());
        QCOMPARE((*post)->contentLength, qsizetype(5));
        QVERIFY(!HttpRequestHead::parse("GET /relative HTTP/1.1\r\n\r\n"));
        QVERIFY(!HttpRequestHead::parse("POST http://a/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        QVERIFY(!HttpRequestHead::parse("POST http://a/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        QVERIFY(!HttpRequestHead::parse("POST http://a/ HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"));
        QVERIFY(!HttpRequestHead::parse("GET http://a/ HTTP/2\r\n\r\n"));
        QVERIFY(!HttpRequestHead::parse(QByteArray(20000, 'A')));
    }

    void dockerStream()
    {
        std::vector<std::pair<int, std::string>> lines;
        DockerStreamDemuxer d([&](int s, std::string_view l) { lines.emplace_back(s, std::string(l)); });
        auto frame = [](char stream, const std::string &payload) {
            std::string f(8, '\0');
            f[0] = stream;
            const auto n = static_cast<std::uint32_t>(payload.size());
            f[4] = static_cast<char>(n >> 24);
            f[5] = static_cast<char>(n >> 16);
            f[6] = static_cast<char>(n >> 8);
            f[7] = static_cast<char>(n);
            return f + payload;
        };
        const std::string bytes = frame(1, "hello\nwor") + frame(2, "oops\n") + frame(1, "ld\n");
        for (char c : bytes) // worst case: one byte at a time
            QVERIFY(d.feed(std::string_view(&c, 1)));
        d.finish();
        QCOMPARE(lines.size(), std::size_t(3));
        QCOMPARE(QByteArray::fromStdString(lines[0].second), QByteArray("hello"));
        QCOMPARE(lines[1].first, 2);
        QCOMPARE(QByteArray::fromStdString(lines[2].second), QByteArray("world"));
        DockerStreamDemuxer bad([](int, std::string_view) {});
        QVERIFY(!bad.feed(std::string("\x09\x00\x00\x00\x00\x00\x00\x01x", 9)));
    }
};

QTEST_GUILESS_MAIN(TestWireFormats)
#include "tst_wireformats.moc"
