#include "core/policy/PathScope.h"
#include "support/TestSupport.h"

using namespace warden;
using warden::test::bytes;

class TestPathScope : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalizes_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("/data/a.csv") << QByteArray("/data/a.csv");
        QTest::newRow("double slash") << QByteArray("//data///a.csv") << QByteArray("/data/a.csv");
        QTest::newRow("dot") << QByteArray("/data/./a.csv") << QByteArray("/data/a.csv");
        QTest::newRow("trailing slash") << QByteArray("/data/") << QByteArray("/data");
        QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    }
    void normalizes()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        auto r = PathScope::normalize(input.toStdString());
        QVERIFY(r.has_value());
        QCOMPARE(bytes(*r), expected);
    }

    void rejects()
    {
        QVERIFY(!PathScope::normalize("data/a.csv"));
        QVERIFY(!PathScope::normalize(""));
        QVERIFY(!PathScope::normalize("/data/../etc/passwd"));
        QVERIFY(!PathScope::normalize("/data/.."));
        QVERIFY(!PathScope::normalize(std::string("/data/a\0b", 9)));
        QVERIFY(PathScope::normalize("/data/..hidden").has_value()); // a name, not a parent step
    }

    void withinWholeComponents()
    {
        QVERIFY(PathScope::isWithin("/data", "/data"));
        QVERIFY(PathScope::isWithin("/data/x/y", "/data"));
        QVERIFY(!PathScope::isWithin("/data2", "/data"));
        QVERIFY(!PathScope::isWithin("/data2/x", "/data"));
        QVERIFY(!PathScope::isWithin("/dat", "/data"));
        QVERIFY(PathScope::isWithin("/anything", "/"));
    }
};

QTEST_GUILESS_MAIN(TestPathScope)
#include "tst_pathscope.moc"
