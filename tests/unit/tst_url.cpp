#include "core/policy/HostName.h"
#include "core/policy/Url.h"
#include "support/TestSupport.h"

using namespace warden;
using warden::test::bytes;

class TestUrl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("https default") << QByteArray("https://Api.Example.com/x") << QByteArray("api.example.com")
                                       << 443;
        QTest::newRow("http default") << QByteArray("http://a.example") << QByteArray("a.example") << 80;
        QTest::newRow("explicit port") << QByteArray("https://a.example:8443/") << QByteArray("a.example") << 8443;
        QTest::newRow("trailing dot") << QByteArray("https://a.example./p") << QByteArray("a.example") << 443;
        QTest::newRow("userinfo is not the host")
            << QByteArray("https://good.example@evil.example/") << QByteArray("evil.example") << 443;
        QTest::newRow("userinfo with at")
            << QByteArray("https://a@b@evil.example:444/") << QByteArray("evil.example") << 444;
        QTest::newRow("ipv6") << QByteArray("http://[::1]:8080/") << QByteArray("::1") << 8080;
        QTest::newRow("ipv6 canonical") << QByteArray("http://[0:0:0:0:0:0:0:1]/") << QByteArray("::1") << 80;
        QTest::newRow("ipv4") << QByteArray("http://10.0.0.5/") << QByteArray("10.0.0.5") << 80;
        QTest::newRow("query no path") << QByteArray("https://a.example?x=/y") << QByteArray("a.example") << 443;
        QTest::newRow("scheme case") << QByteArray("HTTPS://a.example") << QByteArray("a.example") << 443;
    }
    void parses()
    {
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, host);
        QFETCH(int, port);
        auto u = Url::parse(url.toStdString());
        QVERIFY2(u.has_value(), u ? "" : u.error().message.c_str());
        QCOMPARE(bytes(u->host), host);
        QCOMPARE(u->port, port);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::newRow("no scheme") << QByteArray("a.example/x");
        QTest::newRow("backslash") << QByteArray("https://good.example\\@evil.example/");
        QTest::newRow("space") << QByteArray("https://a.example /");
        QTest::newRow("bad port") << QByteArray("https://a.example:99999/");
        QTest::newRow("port letters") << QByteArray("https://a.example:44x/");
        QTest::newRow("percent host") << QByteArray("https://evil%2eexample/");
        QTest::newRow("octal ip") << QByteArray("http://0177.0.0.1/");
        QTest::newRow("decimal ip") << QByteArray("http://2130706433/");
        QTest::newRow("hex ip") << QByteArray("http://0x7f.1/");
        QTest::newRow("short ip") << QByteArray("http://127.1/");
        QTest::newRow("empty host") << QByteArray("http:///x");
        QTest::newRow("empty label") << QByteArray("http://a..example/");
        QTest::newRow("unknown scheme without port") << QByteArray("gopher://a.example/");
        QTest::newRow("non-ascii") << QByteArray("https://\xc3\xa9vil.example/");
        QTest::newRow("bad ipv6") << QByteArray("http://[::g]/");
    }
    void rejects()
    {
        QFETCH(QByteArray, url);
        QVERIFY(!Url::parse(url.toStdString()).has_value());
    }

    void displaysIpv6WithBrackets()
    {
        QCOMPARE(bytes(HostName::display("::1", 443)), QByteArray("[::1]:443"));
        QCOMPARE(bytes(HostName::display("a.example", 0)), QByteArray("a.example"));
    }
};

QTEST_GUILESS_MAIN(TestUrl)
#include "tst_url.moc"
