#include "core/policy/Destination.h"
#include "support/TestSupport.h"

using namespace warden;

class TestDestination : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matches()
    {
        auto exact = Destination::parse("api.internal.example:443");
        QVERIFY(exact.has_value());
        QVERIFY(exact->matches("api.internal.example", 443));
        QVERIFY(!exact->matches("api.internal.example", 80));
        QVERIFY(!exact->matches("api.internal.example", 0));
        QVERIFY(!exact->matches("x.api.internal.example", 443));

        auto anyPort = Destination::parse("API.Internal.Example.");
        QVERIFY(anyPort.has_value());
        QVERIFY(anyPort->matches("api.internal.example", 1234));
        QVERIFY(anyPort->matches("api.internal.example", 0));

        auto wild = Destination::parse("*.blob.core.windows.net");
        QVERIFY(wild.has_value());
        QVERIFY(wild->matches("acct.blob.core.windows.net", 443));
        QVERIFY(wild->matches("a.b.blob.core.windows.net", 443));
        QVERIFY(!wild->matches("blob.core.windows.net", 443));     // not the bare suffix
        QVERIFY(!wild->matches("evilblob.core.windows.net", 443)); // label boundary
        QVERIFY(!wild->matches("blob.core.windows.net.evil.example", 443));

        auto v6 = Destination::parse("[2001:db8::1]:443");
        QVERIFY(v6.has_value());
        QVERIFY(v6->matches("2001:db8::1", 443));
    }

    void rejects()
    {
        QVERIFY(!Destination::parse("*"));
        QVERIFY(!Destination::parse("a.*.example"));
        QVERIFY(!Destination::parse("*example.com"));
        QVERIFY(!Destination::parse("a.example:0"));
        QVERIFY(!Destination::parse("a.example:"));
        QVERIFY(!Destination::parse("a.example:70000"));
        QVERIFY(!Destination::parse("2001:db8::1"));
        QVERIFY(!Destination::parse("*.[::1]"));
        QVERIFY(!Destination::parse("010.0.0.1"));
        QVERIFY(!Destination::parse(""));
    }
};

QTEST_GUILESS_MAIN(TestDestination)
#include "tst_destination.moc"
