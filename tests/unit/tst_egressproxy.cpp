// The egress proxy over real sockets: a unix socket from the "sandbox" side
// and a real TCP server as the destination. What an agent sends through it is
// judged once, reaches only checked addresses and never fills the warden.
#include "core/egress/EgressProxy.h"
#include "support/TestSupport.h"

#include <QLocalSocket>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

using namespace warden;

namespace {

// A destination that records every byte it receives and answers each
// connection once.
class Upstream : public QObject {
public:
    QTcpServer server;
    QByteArray received;
    int connections = 0;
    QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    QPointer<QTcpSocket> last;

    Upstream()
    {
        server.listen(QHostAddress::LocalHost);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = server.nextPendingConnection();
            ++connections;
            last = s;
            connect(s, &QTcpSocket::readyRead, this, [this, s] {
                received += s->readAll();
                if (!answer.isEmpty() && received.contains("\r\n\r\n"))
                    s->write(answer);
            });
        });
    }
    quint16 port() const { return server.serverPort(); }
};

} // namespace

class TestEgressProxy : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::vector<Action> m_actions;
    bool m_allow = true;

    std::unique_ptr<EgressProxy> proxy(std::vector<Judge::Canary> canaries = {})
    {
        auto p = std::make_unique<EgressProxy>(std::move(canaries), [this](Action a, auto answer) {
            m_actions.push_back(a);
            answer(m_allow, m_allow ? "allowed" : "not declared");
        });
        const QString path = m_dir.filePath(QStringLiteral("proxy-%1.sock").arg(m_serial++));
        if (!p->listen(path))
            return nullptr;
        m_path = path;
        return p;
    }
    int m_serial = 0;
    QString m_path;

    QByteArray exchange(const QByteArray &request, int waitMs = 5000)
    {
        QLocalSocket agent;
        agent.connectToServer(m_path);
        if (!agent.waitForConnected(5000))
            return "no connection";
        agent.write(request);
        QByteArray got;
        (void)QTest::qWaitFor(
            [&] {
                got += agent.readAll();
                return agent.state() == QLocalSocket::UnconnectedState;
            },
            waitMs);
        return got + agent.readAll();
    }

    static QByteArray get(quint16 port, const QByteArray &extraHeaders = {}, const QByteArray &body = {})
    {
        return "POST http://127.0.0.1:" + QByteArray::number(port) +
               "/x HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n" + extraHeaders +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

private Q_SLOTS:
    void init()
    {
        m_actions.clear();
        m_allow = true;
    }

    // Any token holder could declare 127.0.0.1:PORT or 169.254.169.254:80 and
    // read the answer through the run's output.
    void internalAddressesAreRefusedUnlessDeclaredInternal()
    {
        Upstream dest;
        auto p = proxy();
        QVERIFY(p);
        QSignalSpy refused(p.get(), &EgressProxy::internalAddressRefused);
        const QByteArray answer = exchange(get(dest.port()));
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QVERIFY(answer.contains("127.0.0.1 (loopback)"));
        QCOMPARE(dest.connections, 0);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.at(0).at(2).toString(), QStringLiteral("127.0.0.1"));

        // A name that resolves to loopback is refused the same way.
        const QByteArray byName =
            exchange("CONNECT localhost:" + QByteArray::number(dest.port()) + " HTTP/1.1\r\n\r\n");
        QVERIFY2(byName.startsWith("HTTP/1.1 403"), byName.constData());
        QCOMPARE(dest.connections, 0);

        for (const QByteArray target : {"169.254.169.254:80", "[::ffff:127.0.0.1]:80", "0.0.0.0:80", "[::1]:80"}) {
            const QByteArray a = exchange("CONNECT " + target + " HTTP/1.1\r\n\r\n");
            QVERIFY2(a.startsWith("HTTP/1.1 403") && a.contains("internal_destinations"),
                     QByteArray(target + ": " + a).constData());
        }

        auto loopback = Destination::parse("127.0.0.1");
        QVERIFY(loopback);
        p->setInternalDestinations({*loopback});
        const QByteArray allowed = exchange(get(dest.port()));
        QVERIFY2(allowed.endsWith("ok"), allowed.constData());
        QCOMPARE(dest.connections, 1);
    }

    // Plain HTTP: one judged request per connection. A pipelined second
    // request used to be relayed to the destination unjudged.
    void bytesAfterTheJudgedRequestNeverLeave()
    {
        Upstream dest;
        dest.answer.clear(); // keep the connection open so a second request could pass
        auto p = proxy();
        QVERIFY(p);
        p->setInternalDestinations({*declared("127.0.0.1")});
        QSignalSpy violations(p.get(), &EgressProxy::protocolViolation);
        QLocalSocket agent;
        agent.connectToServer(m_path);
        QVERIFY(agent.waitForConnected(5000));
        const QByteArray smuggled =
            "GET http://127.0.0.1:" + QByteArray::number(dest.port()) + "/admin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        agent.write(get(dest.port(), {}, "first") + smuggled);
        QTRY_VERIFY_WITH_TIMEOUT(dest.received.contains("first"), 5000);
        agent.write(smuggled); // and once more after the decision
        QTest::qWait(300);
        QCOMPARE(m_actions.size(), std::size_t{1});
        QVERIFY2(!dest.received.contains("/admin"), dest.received.constData());
        QVERIFY(dest.received.startsWith("POST /x HTTP/1.1\r\nHost: 127.0.0.1:"));
        QVERIFY(dest.received.contains("Connection: close\r\n"));
        QVERIFY(!violations.isEmpty());
        QVERIFY(violations.at(0).at(0).toString().contains(QStringLiteral("one request per connection")));
    }

    // The answer tells the client the connection ends with it: a keep-alive
    // client (Node's, in the agent CLIs) then opens a new one for its next
    // request instead of meeting a closed connection (ECONNRESET).
    void theAnswerSaysTheConnectionCloses()
    {
        Upstream dest;
        dest.answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                      "X-Kept: yes\r\n\r\nok";
        auto p = proxy();
        QVERIFY(p);
        p->setInternalDestinations({*declared("127.0.0.1")});
        const QByteArray answer = exchange(get(dest.port(), "Expect: 100-continue\r\n", "body"), 1000);
        QCOMPARE(answer,
                 QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Kept: yes\r\nConnection: close\r\n\r\nok"));
        QVERIFY2(!dest.received.toLower().contains("expect:"), dest.received.constData());

        // An interim answer passes as it is; the final one says the close.
        dest.received.clear();
        dest.answer = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                      "Connection: keep-alive\r\n\r\nok";
        const QByteArray hinted = exchange(get(dest.port()), 1000);
        QCOMPARE(hinted, QByteArray("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n"
                                    "Content-Length: 2\r\nConnection: close\r\n\r\nok"));

        // An answer head that never ends is cut off at 64 KiB.
        dest.received.clear();
        dest.answer = "HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(70 * 1024, 'a');
        const QByteArray endless = exchange(get(dest.port()));
        QVERIFY2(endless.startsWith("HTTP/1.1 502") && endless.contains("over 64 KiB"), endless.left(200).constData());
    }

    void ambiguousFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("why");
        QTest::newRow("two lengths") << QByteArray("Content-Length: 0\r\n")
                                     << QByteArray("more than one Content-Length");
        QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n") << QByteArray("Transfer-Encoding");
        QTest::newRow("identity") << QByteArray("Transfer-Encoding: identity\r\n") << QByteArray("Transfer-Encoding");
        // What one parser reads as a header and another as none: refused
        // whole, never passed on (each reached the origin on 5585575).
        QTest::newRow("space before colon") << QByteArray("Host : x\r\n") << QByteArray("malformed header name");
        QTest::newRow("tab before colon")
            << QByteArray("Transfer-Encoding\t: chunked\r\n") << QByteArray("malformed header name");
        QTest::newRow("bare LF") << QByteArray("X-A: 1\nHost: evil.example\r\n") << QByteArray("bare CR or LF");
        QTest::newRow("bare CR") << QByteArray("X-A: 1\rHost: evil.example\r\n") << QByteArray("bare CR or LF");
        QTest::newRow("folded line") << QByteArray("X-A: 1\r\n Host: evil.example\r\n")
                                     << QByteArray("folded header line");
        QTest::newRow("NUL in a value") << QByteArray("X-A: a\0b\r\n", 10) << QByteArray("control character");
        QTest::newRow("second Host") << QByteArray("Host: evil.example\r\n") << QByteArray("more than one Host");
        QTest::newRow("empty name") << QByteArray(": x\r\n") << QByteArray("malformed header");
    }

    void ambiguousFramingIsRefused()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, why);
        Upstream dest;
        auto p = proxy();
        QVERIFY(p);
        p->setInternalDestinations({*declared("127.0.0.1")});
        const QByteArray answer = exchange(get(dest.port(), headers, "hi"));
        QVERIFY2(answer.startsWith("HTTP/1.1 400") && answer.contains(why), answer.constData());
        QVERIFY(m_actions.empty());
        QCOMPARE(dest.connections, 0);
    }

    // The destination routes by Host: it must be the host that was judged.
    void aHostHeaderNamingAnotherHostIsRefused()
    {
        Upstream dest;
        auto p = proxy();
        QVERIFY(p);
        p->setInternalDestinations({*declared("127.0.0.1")});
        for (const QByteArray host : {"evil.example", "127.0.0.1:1", "x@127.0.0.1", "127.0.0.1/a"}) {
            const QByteArray request =
                "GET http://127.0.0.1:" + QByteArray::number(dest.port()) + "/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
            const QByteArray answer = exchange(request);
            QVERIFY2(answer.startsWith("HTTP/1.1 400") && answer.contains("Host header"),
                     QByteArray(host + ": " + answer).constData());
        }
        QCOMPARE(dest.connections, 0);
        // https is for CONNECT: a GET https:// would be forwarded in clear.
        QVERIFY(exchange("GET https://127.0.0.1/ HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400"));
    }

    void encodedCanariesAreNamed_data()
    {
        const std::string value = "AKIAQWERTYUIOPASDFGH";
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("plain") << QByteArray::fromStdString("k=" + value);
        QTest::newRow("base64") << "d=" + QByteArray::fromStdString("xx" + value + "yy").toBase64();
        QTest::newRow("base64url")
            << "d=" + QByteArray::fromStdString("?" + value).toBase64(QByteArray::Base64UrlEncoding);
        QTest::newRow("hex") << "h=" + QByteArray::fromStdString(value).toHex().toUpper();
        QTest::newRow("percent") << "p=" + QByteArray::fromStdString(value).toPercentEncoding({}, "AKIQ");
    }

    void encodedCanariesAreNamed()
    {
        QFETCH(QByteArray, body);
        Upstream dest;
        auto p = proxy({{"AWS_ACCESS_KEY_ID", "AKIAQWERTYUIOPASDFGH"}});
        QVERIFY(p);
        m_allow = false;
        const QByteArray answer = exchange(get(dest.port(), {}, body));
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QCOMPARE(m_actions.size(), std::size_t{1});
        QCOMPARE(m_actions.front().canaries, std::vector<std::string>{"AWS_ACCESS_KEY_ID"});
    }

    // A sandbox that never reads used to make the warden buffer everything
    // the destination sent.
    void aClientThatNeverReadsHoldsOnlyABoundedAmount()
    {
        Upstream dest;
        dest.answer.clear();
        auto p = proxy();
        QVERIFY(p);
        p->setInternalDestinations({*declared("127.0.0.1")});
        QLocalSocket agent;
        agent.setReadBufferSize(1); // so Qt does not read on the agent's behalf
        agent.connectToServer(m_path);
        QVERIFY(agent.waitForConnected(5000));
        agent.write("CONNECT 127.0.0.1:" + QByteArray::number(dest.port()) + " HTTP/1.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(dest.last, 5000);
        const qint64 flood = 64 * 1024 * 1024;
        dest.last->write(QByteArray(flood, 'x'));
        QTest::qWait(2000);
        // The destination still holds most of it: the proxy stopped reading.
        QVERIFY2(dest.last->bytesToWrite() > flood / 2, QByteArray::number(dest.last->bytesToWrite()).constData());
    }

    void aHeadThatNeverEndsTimesOut()
    {
        auto p = proxy();
        QVERIFY(p);
        EgressProxy::Limits limits;
        limits.headTimeoutMs = 300;
        p->setLimits(limits);
        QSignalSpy violations(p.get(), &EgressProxy::protocolViolation);
        const QByteArray answer = exchange("GET http://example.com/ HTTP/1.1\r\nX: ");
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
        QCOMPARE(violations.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(p->openConnections(), std::size_t{0}, 10000);
    }

private:
    static std::optional<warden::Destination> declared(std::string_view text)
    {
        auto d = warden::Destination::parse(text);
        return d ? std::optional<warden::Destination>(*d) : std::nullopt;
    }
};

QTEST_GUILESS_MAIN(TestEgressProxy)
#include "tst_egressproxy.moc"
