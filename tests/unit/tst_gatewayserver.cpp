// The gateway's framing and request reading over a real unix socket: what a
// hostile agent sends gets an error line, and the gateway keeps serving.
#include "core/gateway/GatewayServer.h"
#include "support/TestSupport.h"

#include <QLocalSocket>
#include <QSignalSpy>

#include <unistd.h>

using namespace warden;

class TestGatewayServer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static QByteArray nextLine(QLocalSocket &s)
    {
        if (!QTest::qWaitFor([&] { return s.canReadLine(); }, 10000))
            return {};
        return s.readLine();
    }

private Q_SLOTS:
    // Another run's agent (or any process of another user) used to be able
    // to talk to this run's gateway; and each refused connection was one
    // audit record, so a connect loop filled the store.
    void onlyTheRunsUserConnectsAndRefusalsAreCounted()
    {
        GatewayServer gateway;
        const QString path = m_dir.filePath(QStringLiteral("peer.sock"));
        QVERIFY(gateway.listen(path).has_value());
        gateway.setPeerUid(::getuid() + 1);
        QSignalSpy violations(&gateway, &GatewayServer::protocolViolation);
        QSignalSpy received(&gateway, &GatewayServer::requestReceived);
        std::vector<std::unique_ptr<QLocalSocket>> agents;
        for (int i = 0; i < 200; ++i) {
            agents.push_back(std::make_unique<QLocalSocket>());
            QLocalSocket *agent = agents.back().get();
            agent->connectToServer(path);
            QVERIFY(QTest::qWaitFor([&] { return agent->state() != QLocalSocket::ConnectingState; }, 5000));
            if (agent->state() == QLocalSocket::ConnectedState)
                agent->write(R"({"id":"1","tool":"t","params":{}})"
                             "\n");
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(agents.begin(), agents.end(),
                        [](const auto &a) { return a->state() == QLocalSocket::UnconnectedState; }),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(violations.size() >= 2, 5000); // the first, then the count
        QVERIFY2(violations.size() <= 3, QByteArray::number(violations.size()).constData());
        QVERIFY(violations.at(0).at(0).toString().contains(QStringLiteral("not this run's sandbox user")));
        QVERIFY(violations.at(1).at(0).toString().contains(QStringLiteral("refused 199 more connections")));
        QCOMPARE(received.size(), 0);

        gateway.setPeerUid(::getuid());
        QLocalSocket own;
        own.connectToServer(path);
        QVERIFY(own.waitForConnected(5000));
        own.write(R"({"id":"2","tool":"t","params":{}})"
                  "\n");
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);
    }

    // One line from a sandboxed agent killed wardenctl run (SIGSEGV): 120,000
    // nested arrays inside params, under the 256 KiB line limit.
    void deepNestingIsRefusedAndTheGatewayCarriesOn()
    {
        GatewayServer gateway;
        const QString path = m_dir.filePath(QStringLiteral("gw.sock"));
        QVERIFY(gateway.listen(path).has_value());
        QSignalSpy received(&gateway, &GatewayServer::requestReceived);
        QSignalSpy violations(&gateway, &GatewayServer::protocolViolation);
        QLocalSocket agent;
        agent.connectToServer(path);
        QVERIFY(agent.waitForConnected(5000));

        const QByteArray attack =
            R"({"id":"1","tool":"plot","params":{"x":)" + QByteArray(120000, '[') + QByteArray(120000, ']') + "}}\n";
        QVERIFY(attack.size() < 256 * 1024);
        agent.write(attack);
        const QByteArray answer = nextLine(agent);
        const auto reply = nlohmann::json::parse(answer.toStdString(), nullptr, false);
        QVERIFY2(reply.is_object(), answer.constData());
        QCOMPARE(test::bytes(reply.at("decision").get<std::string>()), QByteArray("deny"));
        QVERIFY2(reply.at("error").get<std::string>().find("nested deeper than 64") != std::string::npos,
                 answer.constData());
        QCOMPARE(received.size(), 0);
        QCOMPARE(violations.size(), 1);

        agent.write(R"({"id":"2","tool":"plot","params":{"kind":"bar"}})"
                    "\n");
        QVERIFY(QTest::qWaitFor([&] { return received.size() == 1; }, 5000));
        const auto request = received.at(0).at(1).value<GatewayRequest>();
        QCOMPARE(test::bytes(request.id), QByteArray("2"));
    }

    void duplicateFieldsAndWrongTypesAreNamed()
    {
        GatewayServer gateway;
        const QString path = m_dir.filePath(QStringLiteral("gw2.sock"));
        QVERIFY(gateway.listen(path).has_value());
        QSignalSpy received(&gateway, &GatewayServer::requestReceived);
        QLocalSocket agent;
        agent.connectToServer(path);
        QVERIFY(agent.waitForConnected(5000));
        agent.write(R"({"id":"3","tool":"plot","tool":"delete_file"})"
                    "\n");
        QVERIFY(nextLine(agent).contains("duplicate key"));
        agent.write(R"({"id":4,"tool":"plot"})"
                    "\n");
        QVERIFY(nextLine(agent).contains("\\\"id\\\" must be"));
        agent.write(R"({"id":"5","tool":["plot"]})"
                    "\n");
        QVERIFY(nextLine(agent).contains("\\\"tool\\\" must be"));
        QCOMPARE(received.size(), 0);
    }

    // A sandbox that floods and never reads: the warden's buffer of unread
    // replies stays under its cap, the connection is dropped and recorded,
    // and lines over the rate are not parsed (not even for their id).
    void anAgentThatNeverReadsIsDropped()
    {
        GatewayServer::Limits limits;
        limits.maxRequestsPerSecond = 5;
        limits.maxUnreadReplyBytes = 64 * 1024;
        GatewayServer gateway(limits);
        const QString path = m_dir.filePath(QStringLiteral("gw3.sock"));
        QVERIFY(gateway.listen(path).has_value());
        QSignalSpy violations(&gateway, &GatewayServer::protocolViolation);
        QLocalSocket agent;
        agent.setReadBufferSize(1); // reads (almost) nothing
        agent.connectToServer(path);
        QVERIFY(agent.waitForConnected(5000));
        // 40,000 short lines ask for about 3.6 MB of error replies: more than
        // the kernel's socket buffer holds and far over the cap.
        QByteArray flood;
        for (int i = 0; i < 40000; ++i)
            flood += "x\n";
        agent.write(flood);
        agent.flush();
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const auto &v : violations)
                    if (v.at(0).toString().contains(QStringLiteral("unread")))
                        return true;
                return false;
            },
            10000));
        QVERIFY(QTest::qWaitFor([&] { return agent.state() == QLocalSocket::UnconnectedState; }, 10000));
    }
};

QTEST_GUILESS_MAIN(TestGatewayServer)
#include "tst_gatewayserver.moc"
