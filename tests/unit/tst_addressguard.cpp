// Which resolved addresses an agent's egress may reach without opting in.
#include "core/egress/AddressGuard.h"

#include <QtTest>

using namespace warden;

class TestAddressGuard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifies_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("why"); // empty: public
        QTest::newRow("public v4") << "93.184.216.34"
                                   << "";
        QTest::newRow("public v6") << "2606:2800:220:1:248:1893:25c8:1946"
                                   << "";
        QTest::newRow("just outside 172.16/12") << "172.32.0.1"
                                                << "";
        QTest::newRow("just outside 100.64/10") << "100.128.0.1"
                                                << "";
        QTest::newRow("loopback") << "127.0.0.1"
                                  << "loopback";
        QTest::newRow("loopback /8") << "127.254.1.1"
                                     << "loopback";
        QTest::newRow("unspecified") << "0.0.0.0"
                                     << "unspecified";
        QTest::newRow("metadata") << "169.254.169.254"
                                  << "link-local (cloud metadata)";
        QTest::newRow("ecs metadata") << "169.254.170.2"
                                      << "link-local (cloud metadata)";
        QTest::newRow("10/8") << "10.0.0.1"
                              << "private";
        QTest::newRow("172.16/12") << "172.31.255.255"
                                   << "private";
        QTest::newRow("192.168/16") << "192.168.1.1"
                                    << "private";
        QTest::newRow("cgnat") << "100.100.100.200"
                               << "carrier-grade NAT"; // Alibaba's metadata
        QTest::newRow("multicast") << "224.0.0.1"
                                   << "multicast";
        QTest::newRow("broadcast") << "255.255.255.255"
                                   << "reserved (including broadcast)";
        QTest::newRow("v6 loopback") << "::1"
                                     << "loopback";
        QTest::newRow("v6 unspecified") << "::"
                                        << "unspecified";
        QTest::newRow("v4-mapped loopback") << "::ffff:127.0.0.1"
                                            << "loopback";
        QTest::newRow("v4-mapped metadata") << "::ffff:169.254.169.254"
                                            << "link-local (cloud metadata)";
        QTest::newRow("nat64 private") << "64:ff9b::a00:1"
                                       << "private";
        QTest::newRow("6to4 loopback") << "2002:7f00:1::"
                                       << "loopback";
        QTest::newRow("v6 link-local") << "fe80::1"
                                       << "link-local (cloud metadata)";
        QTest::newRow("aws v6 metadata") << "fd00:ec2::254"
                                         << "private (unique local)";
        QTest::newRow("v6 multicast") << "ff02::1"
                                      << "multicast";
        QTest::newRow("v6 documentation") << "2001:db8::1"
                                          << "reserved (documentation)";
        // IPv6 forms that carry an IPv4 address inside (SIIT passed on 5585575).
        QTest::newRow("siit loopback") << "::ffff:0:7f00:1"
                                       << "loopback";
        QTest::newRow("siit metadata") << "::ffff:0:a9fe:a9fe"
                                       << "link-local (cloud metadata)";
        QTest::newRow("siit public") << "::ffff:0:5db8:d822"
                                     << "";
        QTest::newRow("local-use nat64") << "64:ff9b:1::7f00:1"
                                         << "reserved (local-use IPv4/IPv6 translation)";
        QTest::newRow("teredo") << "2001:0:4136:e378:8000:63bf:3fff:fdd2"
                                << "reserved (Teredo, an IPv4 tunnel)";
    }

    void classifies()
    {
        QFETCH(QString, address);
        QFETCH(QString, why);
        const QHostAddress a(address);
        QVERIFY2(!a.isNull(), qPrintable(address));
        const auto got = AddressGuard::restriction(a);
        QCOMPARE(QString::fromStdString(got.value_or("")), why);
    }

    void refusesWhatIsNotAnAddress()
    {
        QVERIFY(AddressGuard::restriction(QHostAddress()).has_value());
        QVERIFY(AddressGuard::restriction(static_cast<const sockaddr *>(nullptr)).has_value());
    }
};

QTEST_GUILESS_MAIN(TestAddressGuard)
#include "tst_addressguard.moc"
