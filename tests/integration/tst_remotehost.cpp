// A remote Warden host for real: warden-hostd runs as its own process with a
// TLS certificate made by openssl, and wardenctl processes talk to it over
// TCP. Runs execute in real bubblewrap sandboxes on the host; the host's own
// store records them.
#include "core/host/HostClient.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <csignal>

using namespace warden;

class TestRemoteHost : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_host;
    QString m_url;
    const QString m_token = QStringLiteral("remote-host-test-token-0123456789");

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString path(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)); }

    static QString arg(const char *text) { return QString::fromUtf8(text); }
    static QString arg(const QString &text) { return text; }
    template <typename... Parts>
    static QStringList args(const Parts &...parts)
    {
        return {arg(parts)...};
    }

    QProcessEnvironment clientEnv(bool trustHost = true, const QString &token = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARDEN_HOST_TOKEN"), token.isEmpty() ? m_token : token);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("client-runtime")));
        env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
        if (trustHost)
            env.insert(QStringLiteral("WARDEN_HOST_CA"), path(QStringLiteral("cert.pem")));
        else
            env.remove(QStringLiteral("WARDEN_HOST_CA"));
        return env;
    }

    struct Ran {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static QString binary(const char *name) { return QString::fromStdString(test::binaryDir() + "/app/" + name); }

    Ran wardenctl(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 120000) const
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(binary("wardenctl"), args);
        Ran r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    HostEndpoint endpoint() const
    {
        HostEndpoint e = *HostEndpoint::parse(m_url.toStdString());
        e.token = m_token.toStdString();
        e.caFile = path(QStringLiteral("cert.pem"));
        return e;
    }

    nlohmann::json hostInfo() const
    {
        auto info = HostClient::call(endpoint(), nullptr, 10000);
        return info ? *info : nlohmann::json();
    }

    // One request from an authenticated client; the host's first answer.
    nlohmann::json ask(const nlohmann::json &request) const
    {
        auto answer = HostClient::call(endpoint(), request, 10000);
        return answer ? *answer : nlohmann::json{{"client_error", answer.error().message}};
    }

    nlohmann::json pendingApprovals() const
    {
        auto r = wardenctl(args("approvals", "--host", m_url, "list", "--json"), clientEnv());
        return nlohmann::json::parse(r.out.toStdString(), nullptr, false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(path(QStringLiteral("runtime")));
        QDir().mkpath(path(QStringLiteral("client-runtime")));
        QFile::setPermissions(path(QStringLiteral("runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QFile::setPermissions(path(QStringLiteral("client-runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      args("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                           "-keyout", path("key.pem"), "-out", path("cert.pem"), "-days", "2", "-subj", "/CN=localhost",
                           "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);

        QFile token(path(QStringLiteral("token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write(m_token.toUtf8() + "\n");
        token.close();
        QVERIFY(token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("runtime")));
        env.remove(QStringLiteral("WARDEN_HOST_TOKEN"));
        m_host.setProcessEnvironment(env);
        m_host.setProcessChannelMode(QProcess::SeparateChannels);
        m_host.start(binary("warden-hostd"),
                     args("--listen", "127.0.0.1:0", "--tls-cert", path("cert.pem"), "--tls-key", path("key.pem"),
                          "--token-file", path("token"), "--db", path("host.db")));
        QVERIFY(m_host.waitForStarted());
        // The host may build the sandbox image first: wait for its address line.
        QRegularExpressionMatch match;
        QString printed;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         while (m_host.canReadLine()) {
                             const QString line = QString::fromUtf8(m_host.readLine());
                             printed += line;
                             match = QRegularExpression(QStringLiteral("listening on (wardens://\\S+)")).match(line);
                             if (match.hasMatch())
                                 return true;
                         }
                         return m_host.state() == QProcess::NotRunning;
                     },
                     600000),
                 "the host did not start");
        QVERIFY2(match.hasMatch(), qPrintable(printed + QString::fromUtf8(m_host.readAllStandardError())));
        m_url = match.captured(1);
    }

    void cleanupTestCase()
    {
        if (m_host.state() != QProcess::Running)
            return;
        ::kill(pid_t(m_host.processId()), SIGTERM);
        QVERIFY(m_host.waitForFinished(30000));
        QCOMPARE(m_host.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_host.exitCode(), 0);
        // What the host recorded verifies afterwards.
        auto verify = wardenctl(args("audit", "verify", "--db", path("host.db")), clientEnv());
        QVERIFY2(verify.exitCode == 0, QByteArray(verify.out + verify.err).constData());
    }

    void codeBotRunsOnTheHost()
    {
        auto r = wardenctl(args("demo", "code-bot", "--host", m_url, "--json"), clientEnv());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(doc.at("judgement").at("label").get<std::string>(), std::string("malicious"));
        QCOMPARE(doc.at("state").get<std::string>(), std::string("finished"));
        bool deniedEgress = false;
        for (const auto &v : doc.at("actions"))
            deniedEgress |= v.at("kind") == "egress" && v.at("decision") == "deny";
        QVERIFY(deniedEgress);
        // The host, not the client, holds the record.
        auto runs = wardenctl(args("runs", "--db", path("host.db"), "--json"), clientEnv());
        QVERIFY2(runs.out.contains(QByteArray::fromStdString(doc.at("run").get<std::string>())),
                 QByteArray(runs.out + runs.err).constData());
    }

    void wrongTokenIsRefused()
    {
        auto r = wardenctl(args("demo", "code-bot", "--host", m_url),
                           clientEnv(true, QStringLiteral("not-the-right-token-at-all")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("refused the token"), r.err.constData());
    }

    void untrustedCertificateIsRefused()
    {
        auto r = wardenctl(args("approvals", "--host", m_url, "list"), clientEnv(false));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("not trusted"), r.err.constData());
    }

    void badRunRequestNamesTheField()
    {
        QFile bad(path(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"warden\": 1, \"agent\": \"x\", \"purpose\": \"p\", \"tools\": {}}\n");
        bad.close();
        auto r =
            wardenctl(args("run", "--declaration", path("bad.json"), "--host", m_url, "--backend", "kvm", "--", "true"),
                      clientEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("/backend"), r.err.constData());
    }

    // A client that stops reading made the host buffer its run's whole
    // output stream. Now output lines past 1 MiB of backlog are dropped and
    // counted, and the host's memory stays bounded.
    void aClientThatDoesNotReadCannotFillTheHost()
    {
        QSslSocket client;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(path("cert.pem")));
        client.setSslConfiguration(tls);
        client.setReadBufferSize(64 * 1024);
        const QUrl url(m_url);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), static_cast<quint16>(url.port()));
        QVERIFY2(client.waitForEncrypted(10000), qPrintable(client.errorString()));
        const nlohmann::json hello = {{"op", "hello"}, {"token", m_token.toStdString()}};
        const nlohmann::json run = {{"op", "run"},
                                    {"declaration", R"({"warden": 1, "agent": "talker", "purpose": "tests"})"},
                                    {"argv", {"python3", "-c", "for i in range(400000): print('x' * 200)"}}};
        client.write(QByteArray::fromStdString(hello.dump() + "\n" + run.dump() + "\n"));
        QVERIFY(client.waitForBytesWritten(5000));
        QThread::sleep(10); // not reading: the host must not hold the stream for us
        QFile status(QStringLiteral("/proc/%1/status").arg(m_host.processId()));
        QVERIFY(status.open(QIODevice::ReadOnly));
        qint64 peakKb = 0;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                peakKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        qInfo("host peak resident memory with a client that does not read: %lld KiB", peakKb);
        // ASan's shadow memory and quarantine dwarf the figure: the bound is
        // checked in the unsanitized build (GCC says __SANITIZE_ADDRESS__,
        // clang, which builds the sanitized tree now, __has_feature).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WARDEN_TEST_UNDER_ASAN 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(WARDEN_TEST_UNDER_ASAN)
        QVERIFY2(peakKb > 0 && peakKb < 80 * 1024, QByteArray::number(peakKb).constData());
#endif
        client.setReadBufferSize(0);
        QByteArray all;
        QVERIFY(QTest::qWaitFor(
            [&] {
                all += client.readAll();
                return all.contains("\"event\":\"end\"") || client.state() != QAbstractSocket::ConnectedState;
            },
            120000));
        client.waitForReadyRead(1000);
        all += client.readAll();
        QVERIFY2(all.contains("output lines were not sent: this client read too slowly"), all.right(2000).constData());
        QVERIFY(all.contains("\"event\":\"end\""));
    }

    // One shared token made everyone the same person: any token holder
    // could approve their own run, and the reviewer on record was whatever
    // name the client claimed. Named people with roles, on a second host.
    void namedPeopleHoldTheirRoles()
    {
        const QString people = path("people.json");
        std::map<std::string, QString> tokens;
        for (const auto &[name, role] : std::vector<std::pair<const char *, const char *>>{
                 {"alice", "admin"}, {"bob", "reviewer"}, {"carol", "viewer"}}) {
            auto added = wardenctl(args("credentials", "add", name, "--role", role, "--file", people), clientEnv());
            QVERIFY2(added.exitCode == 0, added.err.constData());
            tokens[name] = QString::fromUtf8(added.out.trimmed());
            QVERIFY(tokens[name].startsWith(QStringLiteral("wdn_")));
        }
        QVERIFY(!QFile(people).readAll().contains(tokens["alice"].toUtf8())); // hashes only
        QVERIFY((QFile(people).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)) == 0);

        QDir().mkpath(path("runtime2"));
        QFile::setPermissions(path("runtime2"),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QProcess host;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path("runtime2"));
        env.remove(QStringLiteral("WARDEN_HOST_TOKEN"));
        host.setProcessEnvironment(env);
        host.start(binary("warden-hostd"),
                   args("--listen", "127.0.0.1:0", "--credentials", people, "--db", path("named.db")));
        QVERIFY(host.waitForStarted());
        QRegularExpressionMatch match;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (host.canReadLine())
                    if ((match = QRegularExpression(QStringLiteral("listening on (warden://\\S+)"))
                                     .match(QString::fromUtf8(host.readLine())))
                            .hasMatch())
                        return true;
                return host.state() == QProcess::NotRunning;
            },
            120000));
        QVERIFY2(match.hasMatch(), host.readAllStandardError().constData());
        const QString url = match.captured(1);
        const auto as = [&](const char *name, const nlohmann::json &request) {
            HostEndpoint e = *HostEndpoint::parse(url.toStdString());
            e.token = tokens[name].toStdString();
            auto answer = HostClient::call(e, request, 10000);
            return answer ? *answer : nlohmann::json{{"client_error", answer.error().message}};
        };
        const auto peopleEnv = [&](const char *name) {
            QProcessEnvironment e = clientEnv(false, tokens[name]);
            return e;
        };

        const auto carol = as("carol", nullptr);
        QCOMPARE(carol.at("you").at("name").get<std::string>(), std::string("carol"));
        QCOMPARE(carol.at("you").at("role").get<std::string>(), std::string("viewer"));
        const auto viewerDecides = as("carol", {{"op", "decide"}, {"id", "x"}, {"verdict", "approve"}});
        QVERIFY2(viewerDecides.dump().find("may not decide") != std::string::npos, viewerDecides.dump().c_str());
        const auto viewerRuns = as("carol", {{"op", "run"}, {"demo", "code-bot"}});
        QVERIFY2(viewerRuns.dump().find("may not start runs") != std::string::npos, viewerRuns.dump().c_str());

        // Alice launches; her own approval is refused; Bob's counts, under
        // his name whatever the client claims.
        QProcess client;
        client.setProcessEnvironment(peopleEnv("alice"));
        client.start(binary("wardenctl"), args("demo", "kubesleuth", "--host", url, "--json"));
        QVERIFY(client.waitForStarted());
        nlohmann::json pending;
        QVERIFY(QTest::qWaitFor(
            [&] {
                pending = as("carol", {{"op", "list"}});
                return pending.contains("pending") && !pending.at("pending").empty();
            },
            60000));
        const std::string id = pending.at("pending").at(0).at("id").get<std::string>();
        QCOMPARE(pending.at("pending").at(0).at("launcher").get<std::string>(), std::string("alice"));
        const auto selfApproval = as("alice", {{"op", "decide"}, {"id", id}, {"verdict", "approve"}});
        QVERIFY2(selfApproval.dump().find("may not approve its own") != std::string::npos, selfApproval.dump().c_str());
        const auto approved =
            as("bob", {{"op", "decide"}, {"id", id}, {"verdict", "approve"}, {"reviewer", "mallory"}});
        QVERIFY2(approved.value("ok", false), approved.dump().c_str());
        QCOMPARE(approved.at("request").at("reviewer").get<std::string>(), std::string("bob"));
        QVERIFY(client.waitForFinished(60000));

        // Silent connections from one address hold at most four slots;
        // reviewers elsewhere still get in.
        std::vector<std::unique_ptr<QTcpSocket>> silent;
        for (int i = 0; i < 5; ++i) {
            silent.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(silent.back()->bind(QHostAddress(QStringLiteral("127.0.0.2"))));
            silent.back()->connectToHost(QHostAddress::LocalHost, static_cast<quint16>(QUrl(url).port()));
            QVERIFY(silent.back()->waitForConnected(5000));
        }
        QVERIFY(QTest::qWaitFor([&] { return silent.back()->state() == QAbstractSocket::UnconnectedState; }, 5000));
        QCOMPARE(silent.front()->state(), QAbstractSocket::ConnectedState);
        QCOMPARE(as("bob", nullptr).value("you", nlohmann::json()).value("name", std::string()), std::string("bob"));
        // Four places, four silent connections each: every slot taken (on
        // 5585575 a reviewer with a valid token was then refused for the
        // whole flood). A valid hello still gets through, on a brief slot.
        for (const char *from : {"127.0.0.3", "127.0.0.4", "127.0.0.5"})
            for (int i = 0; i < 4; ++i) {
                silent.push_back(std::make_unique<QTcpSocket>());
                QVERIFY(silent.back()->bind(QHostAddress(QString::fromLatin1(from))));
                silent.back()->connectToHost(QHostAddress::LocalHost, static_cast<quint16>(QUrl(url).port()));
                QVERIFY(silent.back()->waitForConnected(5000));
            }
        QCOMPARE(as("bob", nullptr).value("you", nlohmann::json()).value("name", std::string()), std::string("bob"));
        silent.clear();

        // Wrong tokens from one address: after five, even a right one is
        // refused from there for a minute.
        for (int i = 0; i < 5; ++i) {
            HostEndpoint e = *HostEndpoint::parse(url.toStdString());
            e.token = "wdn_guess" + std::to_string(i) + std::string(30, 'x');
            QVERIFY(!HostClient::call(e, nullptr, 10000).has_value());
        }
        const auto locked = as("bob", nullptr);
        QVERIFY2(locked.contains("client_error"), locked.dump().c_str());

        ::kill(pid_t(host.processId()), SIGTERM);
        QVERIFY(host.waitForFinished(30000));
        auto runs = wardenctl(args("audit", "verify", "--db", path("named.db")), clientEnv());
        QVERIFY2(runs.exitCode == 0, QByteArray(runs.out + runs.err).constData());
        QFile db(path("named.db"));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QByteArray stored = db.readAll();
        QFile wal(path("named.db-wal"));
        if (wal.open(QIODevice::ReadOnly))
            stored += wal.readAll();
        QVERIFY(stored.contains("wrong credentials from 127.0.0.1"));
    }

    // A token holder's {"op":"decide","id":1,...} ended the host
    // (type_error.302 across the event loop); a demo name with ../ made it
    // bind a host directory into the sandbox. Both are refused by name, and
    // the host keeps serving.
    void hostileRequestsAreRefusedAndTheHostCarriesOn()
    {
        const auto decided = ask({{"op", "decide"}, {"id", 1}, {"verdict", "approve"}});
        QVERIFY2(decided.contains("ok") && !decided.at("ok").get<bool>(), decided.dump().c_str());
        QVERIFY2(decided.at("error").get<std::string>().find("/id") != std::string::npos, decided.dump().c_str());
        const auto traversal = ask({{"op", "run"}, {"demo", "../../../../tmp/x"}});
        QVERIFY2(traversal.contains("ok") && !traversal.at("ok").get<bool>(), traversal.dump().c_str());
        QVERIFY2(traversal.at("error").get<std::string>().find("unknown demo") != std::string::npos,
                 traversal.dump().c_str());
        // Without the operator's --allow-internal-destinations a client cannot
        // point a run at this host's loopback or metadata service.
        const std::string internal = R"({"warden": 1, "agent": "a", "purpose": "p",
            "destinations": ["169.254.169.254:80"], "internal_destinations": ["169.254.169.254:80"]})";
        const auto metadata = ask({{"op", "run"}, {"declaration", internal}, {"argv", {"true"}}});
        QVERIFY2(metadata.contains("ok") && !metadata.at("ok").get<bool>(), metadata.dump().c_str());
        QVERIFY2(metadata.at("error").get<std::string>().find("/declaration/internal_destinations") !=
                     std::string::npos,
                 metadata.dump().c_str());
        const auto info = hostInfo();
        QVERIFY2(info.contains("host"), info.dump().c_str());
        QCOMPARE(m_host.state(), QProcess::Running);
    }

    void reviewerDeniesOverTheNetwork()
    {
        QProcess client;
        client.setProcessEnvironment(clientEnv());
        client.start(binary("wardenctl"), args("demo", "kubesleuth", "--host", m_url, "--json"));
        QVERIFY(client.waitForStarted());
        nlohmann::json pending;
        QVERIFY(QTest::qWaitFor(
            [&] {
                pending = pendingApprovals();
                return pending.is_array() && !pending.empty();
            },
            60000));
        const std::string id = pending.at(0).at("id").get<std::string>();
        QCOMPARE(pending.at(0).at("tool").get<std::string>(), std::string("execute_kubernetes_command"));
        auto denied = wardenctl(args("approvals", "--host", m_url, "deny", QString::fromStdString(id), "--reason",
                                     "change freeze until Monday"),
                                clientEnv());
        QVERIFY2(denied.exitCode == 0, denied.err.constData());
        QVERIFY(denied.out.contains("rejected"));
        // A second decision on the same request is refused.
        auto again = wardenctl(args("approvals", "--host", m_url, "approve", QString::fromStdString(id)), clientEnv());
        QCOMPARE(again.exitCode, 1);
        QVERIFY(client.waitForFinished(60000));
        QCOMPARE(client.exitCode(), 0);
        const auto doc = nlohmann::json::parse(client.readAllStandardOutput().toStdString());
        QCOMPARE(doc.at("judgement").at("label").get<std::string>(), std::string("malicious"));
        auto exported = wardenctl(args("export", QString::fromStdString(doc.at("run").get<std::string>()), "--db",
                                       path("host.db"), "--format", "jsonl"),
                                  clientEnv());
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
    }

    void lostClientKillsItsRun()
    {
        QFile declaration(path(QStringLiteral("sleeper.json")));
        QVERIFY(declaration.open(QIODevice::WriteOnly));
        declaration.write("{\"warden\": 1, \"agent\": \"sleeper\", \"purpose\": \"waits\", \"tools\": {}}\n");
        declaration.close();
        QProcess client;
        client.setProcessEnvironment(clientEnv());
        client.start(binary("wardenctl"), args("run", "--declaration", path("sleeper.json"), "--host", m_url, "--",
                                               "python3", "-c", "import time; time.sleep(120)"));
        QVERIFY(client.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return hostInfo().value("live_runs", 0) == 1; }, 30000));
        client.kill(); // no goodbye: the connection just drops
        client.waitForFinished();
        QVERIFY2(QTest::qWaitFor([&] { return hostInfo().value("live_runs", -1) == 0; }, 20000),
                 "the host kept a run whose client is gone");
        auto runs = wardenctl(args("runs", "--db", path("host.db"), "--json"), clientEnv());
        const auto list = nlohmann::json::parse(runs.out.toStdString(), nullptr, false);
        QVERIFY2(list.is_array(), QByteArray(runs.out + runs.err).constData());
        bool killed = false;
        for (const auto &run : list)
            killed |= run.value("agent", std::string()) == "sleeper" && run.value("state", std::string()) == "killed";
        QVERIFY2(killed, runs.out.constData());
    }

    void plainTcpOnlyOnLoopback()
    {
        auto r =
            wardenctl(args("serve", "--listen", "0.0.0.0:0", "--token-file", path("token"), "--db", path("other.db")),
                      clientEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("loopback only"), r.err.constData());
        auto url = wardenctl(args("approvals", "--host", "warden://192.0.2.1:7455", "list"), clientEnv());
        QCOMPARE(url.exitCode, 2);
        QVERIFY2(url.err.contains("loopback addresses only"), url.err.constData());
    }

    void tokenFileMustBeOwnerOnly()
    {
        QFile::copy(path(QStringLiteral("token")), path(QStringLiteral("open-token")));
        QFile::setPermissions(path(QStringLiteral("open-token")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        auto r = wardenctl(
            args("serve", "--listen", "127.0.0.1:0", "--token-file", path("open-token"), "--db", path("other.db")),
            clientEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("readable by others"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestRemoteHost)
#include "tst_remotehost.moc"
