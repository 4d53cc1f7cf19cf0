#include "core/runs/BuiltinExecutor.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>

#include <thread>

using namespace warden;

class TestBuiltinExecutor : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_root;

    ToolExecutor executor(ToolExecutor::Kind kind)
    {
        ToolExecutor e;
        e.kind = kind;
        e.scope = "/tmp/agent_session";
        e.hostRoot = m_root.toStdString();
        return e;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_root = m_dir.filePath(QStringLiteral("session"));
        QDir().mkpath(m_root);
    }

    void writesReadsAndDeletesInsideTheScope()
    {
        auto w = BuiltinExecutor::run(executor(ToolExecutor::Kind::FileWrite),
                                      {{"path", "/tmp/agent_session/report.txt"}, {"content", "hello"}});
        QVERIFY2(w.has_value(), w ? "" : w.error().message.c_str());
        QVERIFY(QFile::exists(m_root + QStringLiteral("/report.txt")));
        auto r =
            BuiltinExecutor::run(executor(ToolExecutor::Kind::FileRead), {{"path", "/tmp/agent_session/report.txt"}});
        QVERIFY(r.has_value());
        QCOMPARE(QByteArray::fromStdString(r->at("content").get<std::string>()), QByteArray("hello"));
        auto d =
            BuiltinExecutor::run(executor(ToolExecutor::Kind::FileDelete), {{"path", "/tmp/agent_session/report.txt"}});
        QVERIFY(d.has_value());
        QVERIFY(!QFile::exists(m_root + QStringLiteral("/report.txt")));
    }

    void refusesToLeaveTheScope()
    {
        QFile secret(m_dir.filePath(QStringLiteral("secret.txt")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("host secret");
        secret.close();
        auto read = [&](const std::string &path) {
            return BuiltinExecutor::run(executor(ToolExecutor::Kind::FileRead), {{"path", path}});
        };
        QVERIFY(!read("/tmp/agent_session/../secret.txt"));
        QVERIFY(!read("/tmp/other/secret.txt"));
        QVERIFY(!read("relative.txt"));
        // A symlink planted inside the scope does not lead out of it.
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("secret.txt")), m_root + QStringLiteral("/link.txt")));
        QVERIFY(!read("/tmp/agent_session/link.txt"));
        QVERIFY(QFile::link(m_dir.path(), m_root + QStringLiteral("/up")));
        QVERIFY(!read("/tmp/agent_session/up/secret.txt"));
        auto del = BuiltinExecutor::run(executor(ToolExecutor::Kind::FileDelete), {{"path", "/tmp/agent_session/up"}});
        QVERIFY(del.has_value()); // removes the link inside the scope, nothing it points to
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("secret.txt"))));
        QVERIFY(QDir(m_dir.path()).exists());
    }

    void fetchesOverHttp()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
                s->disconnectFromHost();
            });
        });
        ToolExecutor e = executor(ToolExecutor::Kind::Http);
        Result<nlohmann::json> result = fail("not run");
        const std::string url = "http://127.0.0.1:" + std::to_string(server.serverPort()) + "/x";
        // Loopback is internal: refused unless the destination is declared internal.
        auto guarded = BuiltinExecutor::run(e, {{"url", url}});
        QVERIFY(!guarded.has_value());
        QVERIFY2(guarded.error().message.find("127.0.0.1 (loopback)") != std::string::npos,
                 guarded.error().message.c_str());
        for (const char *metadata : {"http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]:1/",
                                     "http://0.0.0.0:1/", "http://10.1.2.3:1/"}) {
            auto refusedInternal = BuiltinExecutor::run(e, {{"url", metadata}});
            QVERIFY(!refusedInternal.has_value());
            QVERIFY2(refusedInternal.error().message.find("internal address") != std::string::npos,
                     refusedInternal.error().message.c_str());
        }
        bool done = false;
        std::thread worker([&] {
            result = BuiltinExecutor::run(e, {{"url", url}}, BuiltinExecutor::Addresses::InternalToo);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        worker.join();
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(result->at("status").get<int>(), 200);
        QCOMPARE(QByteArray::fromStdString(result->at("body").get<std::string>()), QByteArray("hello"));
        server.close();
        auto refused =
            BuiltinExecutor::run(e, {{"url", "http://127.0.0.1:1/"}}, BuiltinExecutor::Addresses::InternalToo);
        QVERIFY(!refused.has_value());
    }
};

QTEST_GUILESS_MAIN(TestBuiltinExecutor)
#include "tst_builtinexecutor.moc"
