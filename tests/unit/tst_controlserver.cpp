// The local control socket that wardenctl approvals (and a Warden host's
// clients) decide through: fields of the wrong type are refused by name.
#include "core/approvals/ApprovalQueue.h"
#include "core/control/ControlServer.h"
#include "support/TestSupport.h"

#include <QLocalSocket>

using namespace warden;

class TestControlServer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    // {"op":"decide","id":1,...} ended wardenctl serve with type_error.302:
    // value("id", std::string()) threw across Qt's event loop.
    void wrongTypesAreRefusedByName()
    {
        ApprovalQueue queue;
        for (const char *line :
             {R"({"op":"decide","id":1,"verdict":"approve"})", R"({"op":"decide","id":"a","verdict":true})",
              R"({"op":"decide","id":"a","verdict":"approve","reviewer":["x"]})", R"({"op":7})",
              R"({"op":"decide"})"}) {
            const auto answer = ControlServer::answer(queue, QByteArray(line));
            QCOMPARE(answer.at("ok").get<bool>(), false);
            QVERIFY2(answer.at("error").get<std::string>().starts_with("/"), answer.dump().c_str());
        }
        const auto unknown = ControlServer::answer(queue, R"({"op":"decide","id":"nope","verdict":"approve"})");
        QCOMPARE(unknown.at("ok").get<bool>(), false);
    }

    void malformedLinesAreAnsweredOverTheSocket()
    {
        ApprovalQueue queue;
        ControlServer server(queue);
        const QString path = m_dir.filePath(QStringLiteral("control.sock"));
        QVERIFY(server.listen(path).has_value());
        QLocalSocket client;
        client.connectToServer(path);
        QVERIFY(client.waitForConnected(5000));
        const QByteArray attack = QByteArray(R"({"op":"decide","id":1,"verdict":"approve"})") + "\n" +
                                  R"({"op":"list","op":"decide"})" + "\n" + QByteArray(20000, '[') + "\n" +
                                  R"({"op":"list"})" + "\n";
        client.write(attack);
        QList<nlohmann::json> answers;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (client.canReadLine())
                    answers << nlohmann::json::parse(client.readLine().toStdString(), nullptr, false);
                return answers.size() == 4;
            },
            10000));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(answers.at(i).at("ok").get<bool>(), false);
        QVERIFY(answers.at(1).at("error").get<std::string>().find("duplicate") != std::string::npos);
        QVERIFY(answers.at(2).at("error").get<std::string>().find("nested") != std::string::npos);
        QCOMPARE(answers.at(3).at("ok").get<bool>(), true);
    }
};

QTEST_GUILESS_MAIN(TestControlServer)
#include "tst_controlserver.moc"
