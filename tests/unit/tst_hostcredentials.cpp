// The people a Warden host knows, and who may knock: the credentials file is
// read strictly, tokens match by hash, and admission is bounded per address.
#include "core/host/HostAdmission.h"
#include "core/host/HostCredentials.h"
#include "support/TestSupport.h"

using namespace warden;

class TestHostCredentials : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string write(const char *name, const QByteArray &text, bool ownerOnly = true)
    {
        QFile f(m_dir.filePath(QLatin1String(name)));
        f.open(QIODevice::WriteOnly);
        f.write(text);
        f.close();
        f.setPermissions(ownerOnly ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                   : QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        return f.fileName().toStdString();
    }

private Q_SLOTS:
    void addedPeopleMatchTheirOwnTokensOnly()
    {
        const std::string path = m_dir.filePath(QStringLiteral("people.json")).toStdString();
        auto alice = HostCredentials::add(path, "alice", HostRole::Reviewer);
        auto bob = HostCredentials::add(path, "bob", HostRole::Launcher);
        QVERIFY(alice && bob && *alice != *bob);
        auto people = HostCredentials::load(path);
        QVERIFY2(people.has_value(), people ? "" : people.error().toString().c_str());
        QCOMPARE(people->match(*alice)->name, std::string("alice"));
        QCOMPARE(people->match(*bob)->role, HostRole::Launcher);
        QVERIFY(!people->match(*alice + "x"));
        QVERIFY(!people->match(""));
        QVERIFY(!people->match(HostCredentials::sha256Hex(*alice))); // the hash is not the token
        // Re-adding replaces: the old token stops working.
        auto again = HostCredentials::add(path, "alice", HostRole::Admin);
        QVERIFY(again.has_value());
        people = HostCredentials::load(path);
        QVERIFY(!people->match(*alice));
        QCOMPARE(people->match(*again)->role, HostRole::Admin);
        QVERIFY(HostCredentials::remove(path, "bob").has_value());
        QVERIFY(!HostCredentials::load(path)->match(*bob));
        QVERIFY(!HostCredentials::remove(path, "bob").has_value());
    }

    void badFilesNameTheField_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("field");
        const QByteArray hash(64, 'a');
        const auto person = [&](const QByteArray &name, const QByteArray &role,
                                const QByteArray &digest) -> QByteArray {
            return "\"" + name + "\": {\"role\": \"" + role + "\", \"token_sha256\": \"" + digest + "\"}";
        };
        const auto file = [](const QByteArray &people) -> QByteArray {
            return "{\"warden_credentials\": 1, \"people\": {" + people + "}}";
        };
        QTest::newRow("version") << QByteArray("{\"warden_credentials\": 2, \"people\": {}}")
                                 << QByteArray("/warden_credentials");
        QTest::newRow("unknown") << QByteArray("{\"warden_credentials\": 1, \"people\": {}, \"x\": 1}")
                                 << QByteArray("/x");
        QTest::newRow("role") << file(person("a", "god", hash)) << QByteArray("/people/a/role");
        QTest::newRow("hash") << file(person("a", "viewer", "abc")) << QByteArray("/people/a/token_sha256");
        QTest::newRow("name") << file(person("a b", "viewer", hash)) << QByteArray("/people/a b");
        QTest::newRow("duplicate") << file(person("a", "viewer", hash) + ", " + person("a", "admin", hash))
                                   << QByteArray("duplicate");
        QTest::newRow("nobody") << file("") << QByteArray("/people");
    }

    void badFilesNameTheField()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, field);
        auto r = HostCredentials::load(write("bad.json", text));
        QVERIFY(!r.has_value());
        QVERIFY2(QByteArray::fromStdString(r.error().toString()).contains(field), r.error().toString().c_str());
    }

    void aFileOthersCanReadIsRefused()
    {
        auto r = HostCredentials::load(write("open.json", "{\"warden_credentials\": 1, \"people\": {}}", false));
        QVERIFY(!r.has_value());
        QVERIFY(QByteArray::fromStdString(r.error().message).contains("chmod 600"));
    }

    void admissionIsBoundedPerAddress()
    {
        HostAdmission admission({.perAddress = 2, .total = 3, .maxFailures = 3, .windowMs = 1000});
        const QHostAddress a(QStringLiteral("10.0.0.1")), mapped(QStringLiteral("::ffff:10.0.0.1")),
            b(QStringLiteral("10.0.0.2"));
        using T = HostAdmission::Ticket;
        std::string why;
        QCOMPARE(admission.admit(a, 0, why), T::Slot);
        QCOMPARE(admission.admit(mapped, 0, why), T::Slot); // the same address
        QCOMPARE(admission.admit(a, 0, why), T::Refused);
        QVERIFY(why.find("this address") != std::string::npos);
        QCOMPARE(admission.admit(b, 0, why), T::Slot);
        // Every slot taken: a newcomer gets a brief one (a short hello
        // deadline), up to as many again; then it is refused.
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("10.0.0.3")), 0, why), T::Brief);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("10.0.0.4")), 0, why), T::Brief);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("10.0.0.5")), 0, why), T::Brief);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("10.0.0.6")), 0, why), T::Refused);
        admission.closedUnauthenticated(QHostAddress(QStringLiteral("10.0.0.5")), T::Brief);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("10.0.0.6")), 0, why), T::Brief);
        admission.authenticated(a, T::Slot);
        QCOMPARE(admission.admit(a, 0, why), T::Slot);
        // Failures lock an address out for the window, then it may try again.
        QVERIFY(!admission.wrongCredentials(b, 10));
        QVERIFY(!admission.wrongCredentials(b, 20));
        QVERIFY(admission.wrongCredentials(b, 30));
        admission.closedUnauthenticated(b, T::Slot);
        QCOMPARE(admission.admit(b, 500, why), T::Refused);
        QVERIFY(why.find("wrong credentials") != std::string::npos);
        QCOMPARE(admission.admit(b, 1100, why), T::Slot);
    }

    // One IPv6 host holds a /64: counting each /128 let one subscriber
    // take every slot from as many addresses as it liked.
    void ipv6CountsPerSlash64()
    {
        using T = HostAdmission::Ticket;
        HostAdmission admission({.perAddress = 2, .total = 8, .maxFailures = 3, .windowMs = 1000});
        std::string why;
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("2001:db8:1:2::1")), 0, why), T::Slot);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("2001:db8:1:2:ffff::9")), 0, why), T::Slot);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("2001:db8:1:2:1234:5678:9abc:def0")), 0, why), T::Refused);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("2001:db8:1:3::1")), 0, why), T::Slot);
        // Wrong credentials lock out the whole /64.
        for (const char *a : {"2001:db8:9:9::1", "2001:db8:9:9::2", "2001:db8:9:9::3"})
            admission.wrongCredentials(QHostAddress(QString::fromLatin1(a)), 10);
        QCOMPARE(admission.admit(QHostAddress(QStringLiteral("2001:db8:9:9::4")), 20, why), T::Refused);
    }
};

QTEST_GUILESS_MAIN(TestHostCredentials)
#include "tst_hostcredentials.moc"
