// Commit at the boundary (docs/AUDIT.md), tested the way it can fail: the
// real wardenctl runs an agent that starts programs in bursts and marks the
// end of each burst at a server outside the sandbox (a boundary crossing),
// and is killed with SIGKILL mid-burst. Every record up to the last mark the
// server saw must be in the store, the chain must verify, and the run is
// recovered as failed, saying where its record ends. On bubblewrap and Docker.
#include "core/sandbox/DockerClient.h"
#include "core/store/RunReader.h"
#include "support/TestSupport.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>
#include <set>

using warden::test::bytes;

namespace {

// Starts 25 programs, then asks the mark server for /mark/N, forever. The
// marks go through the run's egress proxy: each is a boundary crossing.
const char *kBurstAgent = R"PY(
import subprocess, sys, urllib.request
port = sys.argv[1]
n = 0
while True:
    n += 1
    for _ in range(25):
        subprocess.run(["/bin/true"], check=True)
    url = "http:" + "/" * 2 + "127.0.0.1:%s/mark/%d" % (port, n)
    urllib.request.urlopen(url, timeout=30).read()
)PY";

} // namespace

class TestCommitBoundary : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString wardenctl() { return QString::fromStdString(warden::test::binaryDir() + "/app/wardenctl"); }

    // The marks the server was asked for, as they came. With `killAt`, the
    // server kills the warden the moment that mark arrives, before it answers:
    // the record of everything before it must already be durable.
    struct MarkServer {
        QTcpServer server;
        std::vector<int> marks;
        int killAt = 0;
        qint64 warden = 0;
        MarkServer()
        {
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
                while (QTcpSocket *s = server.nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                        const QByteArray head = s->peek(4096);
                        if (!head.contains("\r\n\r\n"))
                            return;
                        static const QRegularExpression mark(QStringLiteral("GET \\S*/mark/(\\d+) "));
                        if (auto m = mark.match(QString::fromLatin1(head)); m.hasMatch()) {
                            marks.push_back(m.captured(1).toInt());
                            if (marks.back() == killAt && warden > 0)
                                ::kill(static_cast<pid_t>(warden), SIGKILL);
                        }
                        s->readAll();
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                        s->disconnectFromHost();
                    });
                    QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                }
            });
        }
    };

    QString declaration(quint16 port)
    {
        const QString path = m_dir.filePath(QStringLiteral("burst-%1.json").arg(port));
        const QByteArray dest = "\"127.0.0.1:" + QByteArray::number(port) + "\"";
        warden::test::writeFile(path,
                                "{\"warden\": 1, \"agent\": \"burst\", \"purpose\": \"starts programs in bursts\","
                                " \"destinations\": [" +
                                    dest + "], \"internal_destinations\": [" + dest +
                                    "], \"processes\": [\"python3\", \"/bin/true\"]}");
        return path;
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path()); // its own store and host list
        return env;
    }

    void killMidBurst(const QString &host, bool atAMark)
    {
        MarkServer marks;
        if (atAMark)
            marks.killAt = 3 + static_cast<int>(QRandomGenerator::global()->bounded(3));
        QVERIFY(marks.server.listen(QHostAddress::LocalHost));
        const quint16 port = marks.server.serverPort();
        const QString db = m_dir.filePath(
            QStringLiteral("%1-%2.db").arg(host, atAMark ? QStringLiteral("mark") : QStringLiteral("burst")));
        const QString decl = declaration(port);
        QProcess warden;
        warden.setProcessEnvironment(environment());
        warden.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        warden.start(wardenctl(),
                     {QStringLiteral("run"), QStringLiteral("--declaration"), decl, QStringLiteral("--host"), host,
                      QStringLiteral("--db"), db, QStringLiteral("--wall-seconds"), QStringLiteral("300"),
                      QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("-c"),
                      QString::fromLatin1(kBurstAgent), QString::number(port)});
        QVERIFY(warden.waitForStarted());
        marks.warden = warden.processId();
        QTRY_VERIFY_WITH_TIMEOUT(atAMark ? warden.state() == QProcess::NotRunning
                                         : marks.marks.size() >= 4 || warden.state() == QProcess::NotRunning,
                                 240000);
        if (!atAMark) {
            QVERIFY2(warden.state() == QProcess::Running, warden.readAllStandardOutput().right(2000).constData());
            // Somewhere in a burst: between two marks, or while one is on its way.
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(40)));
            ::kill(static_cast<pid_t>(warden.processId()), SIGKILL);
        }
        QVERIFY(warden.state() == QProcess::NotRunning || warden.waitForFinished(30000));
        QCOMPARE(warden.exitStatus(), QProcess::CrashExit);
        QTest::qWait(200); // a mark already on the wire still lands
        const int lastMark = *std::max_element(marks.marks.begin(), marks.marks.end());

        // Every record before the last boundary crossing the server saw is there.
        {
            auto reader = warden::RunReader::open(db.toStdString());
            QVERIFY2(reader.has_value(), reader ? "" : reader.error().toString().c_str());
            auto runs = reader->listRuns();
            QVERIFY(runs.has_value());
            QCOMPARE(runs->size(), std::size_t(1));
            auto run = reader->loadRun(runs->front().runId);
            QVERIFY2(run.has_value(), run ? "" : run.error().toString().c_str());
            std::int64_t markSeq = 0;
            std::set<std::int64_t> seqs;
            for (const auto &a : run->actions) {
                seqs.insert(a.seq);
                if (a.kind == warden::ActionKind::Egress && a.url.ends_with("/mark/" + std::to_string(lastMark)))
                    markSeq = a.seq;
            }
            QVERIFY2(markSeq > 0, qPrintable(QStringLiteral("mark %1 was seen outside, not on record").arg(lastMark)));
            for (std::int64_t s = 1; s <= markSeq; ++s)
                QVERIFY2(seqs.contains(s), qPrintable(QStringLiteral("action %1 is missing").arg(s)));
            std::int64_t programs = 0;
            for (const auto &a : run->actions)
                programs += a.seq < markSeq && a.kind == warden::ActionKind::Process ? 1 : 0;
            QVERIFY2(programs >= 25 * lastMark, qPrintable(QString::number(programs)));
        }
        auto verify = [&] {
            QProcess p;
            p.setProcessEnvironment(environment());
            p.start(wardenctl(), {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
            return p.waitForFinished(60000) && p.exitCode() == 0 && p.readAllStandardOutput().contains("intact");
        };
        QVERIFY(verify());

        // The next warden on the store recovers the run as failed, and says
        // where its record ends.
        QProcess next;
        next.setProcessEnvironment(environment());
        next.start(wardenctl(), {QStringLiteral("run"), QStringLiteral("--declaration"), decl, QStringLiteral("--host"),
                                 host, QStringLiteral("--db"), db, QStringLiteral("--"), QStringLiteral("/bin/true")});
        QVERIFY(next.waitForFinished(240000));
        QCOMPARE(next.exitCode(), 0);
        auto reader = warden::RunReader::open(db.toStdString());
        QVERIFY(reader.has_value());
        auto runs = reader->listRuns();
        QCOMPARE(runs->size(), std::size_t(2));
        const auto killed = std::find_if(runs->begin(), runs->end(), [](const auto &r) { return r.actions > 30; });
        QVERIFY(killed != runs->end());
        QCOMPARE(bytes(killed->state), QByteArray("failed"));
        auto detail = reader->loadRun(killed->runId);
        QVERIFY(detail.has_value());
        QVERIFY2(bytes(detail->stateReason).contains("the record ends at action"), detail->stateReason.c_str());
        QVERIFY(verify());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void killedMidBurst_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("atAMark");
        for (const char *host : {"bwrap", "docker"}) {
            QTest::addRow("%s, as a mark arrives", host) << QString::fromLatin1(host) << true;
            QTest::addRow("%s, mid-burst", host) << QString::fromLatin1(host) << false;
        }
    }

    void killedMidBurst()
    {
        QFETCH(QString, host);
        QFETCH(bool, atAMark);
        if (host == QLatin1String("docker"))
            if (auto version = warden::DockerClient(warden::DockerEndpoint::fromEnvironment()).negotiate(); !version)
                WARDEN_SKIP_WITHOUT_ENGINE("no Docker engine answers");
        killMidBurst(host, atAMark);
    }
};

QTEST_GUILESS_MAIN(TestCommitBoundary)
#include "tst_commitboundary.moc"
