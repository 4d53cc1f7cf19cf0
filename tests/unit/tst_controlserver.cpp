// The local control socket that wardenctl approvals (and a Warden host's
// clients) decide through: fields of the wrong type are refused by name.
#include "core/approvals/ApprovalQueue.h"
#include "core/control/ControlServer.h"
#include "support/TestSupport.h"

#include <QDateTime>
#include <QLocalSocket>
#include <QProcess>
#include <QStandardPaths>

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
            const auto answer = ControlServer::answer(queue, QByteArray(line), "local:test");
            QCOMPARE(answer.at("ok").get<bool>(), false);
            QVERIFY2(answer.at("error").get<std::string>().starts_with("/"), answer.dump().c_str());
        }
        const auto unknown =
            ControlServer::answer(queue, R"({"op":"decide","id":"nope","verdict":"approve"})", "local:test");
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

    // A sandboxed process that reached the socket (a server whose data
    // directory was the warden's runtime directory) approved its own request
    // as a reviewer it named. Now the peer is who the kernel says: a client
    // in another user namespace is refused whatever it sends, and a local
    // client's decision is recorded under its account, not the name it sent.
    void onlyLocalPeersDecideAndTheyAreWhoTheKernelSays()
    {
        ApprovalQueue queue;
        ApprovalRequest r;
        r.runId = "run-1";
        r.agent = "notes-bot";
        r.tool = "write_note";
        r.requestedMs = QDateTime::currentMSecsSinceEpoch();
        r.deadlineMs = r.requestedMs + 60000;
        std::vector<ApprovalRequest> done;
        queue.submit(r, [&](const ApprovalRequest &d) { done.push_back(d); });
        QCOMPARE(queue.pendingCount(), std::size_t{1});
        const std::string id = queue.pending().front().id;
        ControlServer server(queue);
        const QString path = m_dir.filePath(QStringLiteral("peers.sock"));
        QVERIFY(server.listen(path).has_value());
        const QString decide = QString::fromStdString(
            nlohmann::json{{"op", "decide"}, {"id", id}, {"verdict", "approve"}, {"reviewer", "mallory"}}.dump());
        const QString client = QStringLiteral(
            "import socket,sys\n"
            "s=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(sys.argv[2].encode()+b'\\n')\n"
            "print(s.makefile().readline(),end='')\n");
        const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        QVERIFY2(!unshare.isEmpty(), "util-linux's unshare is needed");

        // In a user namespace of its own (as in any sandbox), mapped to our uid.
        QProcess sandboxed;
        sandboxed.start(unshare, {QStringLiteral("--user"), QStringLiteral("--map-current-user"),
                                  QStringLiteral("python3"), QStringLiteral("-c"), client, path, decide});
        QVERIFY(QTest::qWaitFor([&] { return sandboxed.state() == QProcess::NotRunning; }, 20000));
        const QByteArray refused = sandboxed.readAllStandardOutput();
        const QByteArray said = refused + sandboxed.readAllStandardError();
        QVERIFY2(refused.contains("local reviewers only"), said.constData());
        QVERIFY(queue.isPending(id));

        // The same line from a local process: decided, as its own account.
        QProcess local;
        local.start(QStringLiteral("python3"), {QStringLiteral("-c"), client, path, decide});
        QVERIFY(QTest::qWaitFor([&] { return local.state() == QProcess::NotRunning; }, 20000));
        const auto answer = nlohmann::json::parse(local.readAllStandardOutput().toStdString(), nullptr, false);
        QVERIFY2(answer.value("ok", false), answer.dump().c_str());
        QCOMPARE(done.size(), std::size_t{1});
        QVERIFY2(done.front().reviewer.starts_with("local:") && done.front().reviewer != "local:mallory",
                 done.front().reviewer.c_str());
    }
};

QTEST_GUILESS_MAIN(TestControlServer)
#include "tst_controlserver.moc"
