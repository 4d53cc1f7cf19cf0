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
        std::string why;
        QVERIFY(admission.admit(a, 0, why));
        QVERIFY(admission.admit(mapped, 0, why)); // the same address
        QVERIFY(!admission.admit(a, 0, why));
        QVERIFY(why.find("this address") != std::string::npos);
        QVERIFY(admission.admit(b, 0, why));
        QVERIFY(!admission.admit(QHostAddress(QStringLiteral("10.0.0.3")), 0, why)); // total
        admission.authenticated(a);
        QVERIFY(admission.admit(a, 0, why));
        // Failures lock an address out for the window, then it may try again.
        QVERIFY(!admission.wrongCredentials(b, 10));
        QVERIFY(!admission.wrongCredentials(b, 20));
        QVERIFY(admission.wrongCredentials(b, 30));
        admission.closedUnauthenticated(b);
        QVERIFY(!admission.admit(b, 500, why));
        QVERIFY(why.find("wrong credentials") != std::string::npos);
        QVERIFY(admission.admit(b, 1100, why));
    }
};

QTEST_GUILESS_MAIN(TestHostCredentials)
#include "tst_hostcredentials.moc"
