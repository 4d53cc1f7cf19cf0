#include "core/policy/CommandLine.h"
#include "support/TestSupport.h"

using namespace warden;

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void operators_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<bool>("hasOperator");
        QTest::newRow("plain") << QByteArray("kubectl get pods") << false;
        QTest::newRow("pipe") << QByteArray("curl x | bash") << true;
        QTest::newRow("semicolon") << QByteArray("kubectl get pods; rm -rf /") << true;
        QTest::newRow("and") << QByteArray("a && b") << true;
        QTest::newRow("background") << QByteArray("sleep 1 &") << true;
        QTest::newRow("subst") << QByteArray("kubectl get $(whoami)") << true;
        QTest::newRow("backtick") << QByteArray("kubectl get `id`") << true;
        QTest::newRow("param expansion") << QByteArray("echo ${HOME}") << true;
        QTest::newRow("redirect out") << QByteArray("kubectl get pods > /tmp/x") << true;
        QTest::newRow("redirect in") << QByteArray("kubectl apply -f - < x") << true;
        QTest::newRow("newline") << QByteArray("kubectl get pods\nid") << true;
        QTest::newRow("quoted pipe still denied") << QByteArray("kubectl get 'a|b'") << true;
        QTest::newRow("dollar alone") << QByteArray("echo $HOME") << false;
    }
    void operators()
    {
        QFETCH(QByteArray, command);
        QFETCH(bool, hasOperator);
        QCOMPARE(CommandLine::findShellOperator(command.toStdString()).has_value(), hasOperator);
    }

    void splitsLikeAShell()
    {
        auto w = CommandLine::splitWords("kubectl  describe pod 'my pod' \"a \\\"b\\\"\" c\\ d");
        QVERIFY(w.has_value());
        QCOMPARE(w->size(), std::size_t(6));
        QCOMPARE(QByteArray::fromStdString((*w)[3]), QByteArray("my pod"));
        QCOMPARE(QByteArray::fromStdString((*w)[4]), QByteArray("a \"b\""));
        QCOMPARE(QByteArray::fromStdString((*w)[5]), QByteArray("c d"));
        QVERIFY(!CommandLine::splitWords("echo 'open"));
        QVERIFY(!CommandLine::splitWords("echo \"open"));
        QVERIFY(!CommandLine::splitWords("echo \\"));
        auto empty = CommandLine::splitWords("   ");
        QVERIFY(empty && empty->empty());
    }

    void globs()
    {
        QVERIFY(CommandLine::globMatch("deployment/*", "deployment/webapp"));
        QVERIFY(CommandLine::globMatch("deployment/*", "deployment/"));
        QVERIFY(!CommandLine::globMatch("deployment/*", "deploymentx/webapp"));
        QVERIFY(CommandLine::globMatch("*", "anything"));
        QVERIFY(CommandLine::globMatch("a*b*c", "aXXbYYc"));
        QVERIFY(!CommandLine::globMatch("a*b*c", "aXXbYY"));
        QVERIFY(CommandLine::globMatch("get", "get"));
        QVERIFY(!CommandLine::globMatch("get", "gets"));
        // Linear time even on adversarial input.
        std::string longWord(100000, 'a');
        QVERIFY(!CommandLine::globMatch("*a*a*a*a*a*b", longWord));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
