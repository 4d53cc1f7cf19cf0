// tools/call round trips through Warden against the same client calling the
// same server directly: the official SDK client (tests/mcp/bench_client.mjs)
// and the reference "everything" server's echo tool. Through Warden the
// client runs in a bubblewrap run and starts warden-mcp; the server runs in
// its own sandbox; every call is judged and its action and verdict are
// committed to the store before the server sees it. Figures for
// docs/PERFORMANCE.md.
//
//   bench_mcp PEERS_DIR [CALLS]   (PEERS_DIR: the checkout's tests/mcp)
#include "core/approvals/ApprovalQueue.h"
#include "core/common/ResourcePaths.h"
#include "core/runs/LiveRun.h"
#include "core/sandbox/BubblewrapSandbox.h"
#include "core/store/AuditStore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <cstdio>

using namespace warden;

namespace {

nlohmann::json lastJsonLine(const QStringList &lines)
{
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        auto doc = nlohmann::json::parse(it->toStdString(), nullptr, false);
        if (doc.is_object() && doc.contains("p50_ms"))
            return doc;
    }
    return nullptr;
}

nlohmann::json direct(const std::string &peers, int calls)
{
    QProcess p;
    p.setWorkingDirectory(QString::fromStdString(peers));
    p.start(QStringLiteral("node"),
            {QString::fromStdString(peers + "/bench_client.mjs"), QString::number(calls), QStringLiteral("node"),
             QString::fromStdString(peers + "/node_modules/@modelcontextprotocol/server-everything/dist/index.js")});
    p.waitForFinished(300000);
    return lastJsonLine(QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n')));
}

// The same client over Streamable HTTP to the same server, both on the host:
// what HTTP itself costs, for the HTTP path through Warden to be read against.
nlohmann::json directOverHttp(const std::string &peers, int calls)
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return nullptr;
    const int port = probe.serverPort();
    probe.close();
    QProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PORT"), QString::number(port));
    server.setProcessEnvironment(env);
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(QStringLiteral("node"),
                 {QString::fromStdString(peers + "/node_modules/@modelcontextprotocol/server-everything/dist/index.js"),
                  QStringLiteral("streamableHttp")});
    QByteArray said;
    while (!said.contains("listening on port") && server.waitForReadyRead(20000))
        said += server.readAll();
    QProcess p;
    p.setWorkingDirectory(QString::fromStdString(peers));
    p.start(QStringLiteral("node"), {QString::fromStdString(peers + "/bench_client.mjs"), QString::number(calls),
                                     QStringLiteral("http://127.0.0.1:%1/mcp").arg(port)});
    p.waitForFinished(300000);
    server.kill();
    server.waitForFinished(5000);
    return lastJsonLine(QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n')));
}

// `client`: how the agent's client reaches Warden (the stdio relay's argv, or the HTTP endpoint's URL).
nlohmann::json throughWarden(AuditStore &store, const std::string &image, const std::string &peers, int calls,
                             const std::vector<std::string> &client)
{
    const std::string server = peers + "/node_modules/@modelcontextprotocol/server-everything/dist/index.js";
    const nlohmann::json d = {{"warden", 1},
                              {"agent", "bench"},
                              {"purpose", "benchmark"},
                              {"mcp_servers", {{"everything", {{"command", {"node", server}}, {"code", peers}}}}},
                              {"tools", {{"everything.echo", {{"params", {{"message", {{"type", "string"}}}}}}}}},
                              {"processes", {"node"}}};
    auto declaration = Declaration::parse(d.dump(), "bench.json");
    if (!declaration) {
        std::fprintf(stderr, "%s\n", declaration.error().toString().c_str());
        return nullptr;
    }
    RunConfig c;
    c.declaration = std::make_shared<const Declaration>(std::move(*declaration));
    c.source = "bench";
    c.hostKind = "bwrap";
    c.sandbox.image = image;
    c.sandbox.argv = {"node", "/work/bench_client.mjs", std::to_string(calls)};
    c.sandbox.argv.insert(c.sandbox.argv.end(), client.begin(), client.end());
    c.sandbox.binds = {{peers, "/work", false}};
    c.sandbox.wallSeconds = 600;
    c.maxRecords = 10'000'000;
    ApprovalQueue queue;
    LiveRun run(std::move(c), store, queue, std::make_unique<BubblewrapSandbox>());
    QStringList output;
    bool ended = false;
    QObject::connect(&run, &LiveRun::agentOutput, &run, [&](const QString &line) { output << line; });
    QObject::connect(&run, &LiveRun::ended, &run, [&] { ended = true; });
    run.start();
    while (!ended)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const auto figures = lastJsonLine(output);
    if (figures.is_null())
        std::fprintf(stderr, "the run printed no figures:\n%s\n",
                     output.join(QLatin1Char('\n')).toLocal8Bit().constData());
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_mcp PEERS_DIR [CALLS]   (PEERS_DIR: the checkout's tests/mcp)\n");
        return 2;
    }
    const std::string peers = QFileInfo(QString::fromLocal8Bit(argv[1])).canonicalFilePath().toStdString();
    const int calls = argc > 2 ? std::max(10, std::atoi(argv[2])) : 500;
    auto image = ResourcePaths::imageRoot();
    if (!image) {
        std::fprintf(stderr, "%s\n", image.error().message.c_str());
        return 1;
    }
    QTemporaryDir dir;
    auto store = AuditStore::open(dir.filePath(QStringLiteral("bench.db")).toStdString());
    if (!store)
        return 1;
    const auto plain = direct(peers, calls);
    const auto warden = throughWarden(**store, *image, peers, calls, {"/opt/warden/bin/warden-mcp", "everything"});
    const auto plainHttp = directOverHttp(peers, calls);
    const auto http = throughWarden(**store, *image, peers, calls, {"http://127.0.0.1:3129/mcp/everything"});
    if (plain.is_null() || warden.is_null() || plainHttp.is_null() || http.is_null())
        return 1;
    const auto ms = [](const nlohmann::json &j, const char *key) { return j.at(key).get<double>(); };
    std::printf("tools/call round trip, %d calls (echo, reference server, SDK client):\n", calls);
    std::printf("  direct:         p50 %.3f ms  p99 %.3f ms  mean %.3f ms\n", ms(plain, "p50_ms"), ms(plain, "p99_ms"),
                ms(plain, "mean_ms"));
    std::printf("  through Warden: p50 %.3f ms  p99 %.3f ms  mean %.3f ms\n", ms(warden, "p50_ms"),
                ms(warden, "p99_ms"), ms(warden, "mean_ms"));
    std::printf("  added:          p50 %.3f ms  p99 %.3f ms  (ratio p50 %.2fx)\n",
                ms(warden, "p50_ms") - ms(plain, "p50_ms"), ms(warden, "p99_ms") - ms(plain, "p99_ms"),
                ms(warden, "p50_ms") / ms(plain, "p50_ms"));
    std::printf("over Streamable HTTP (the client's transport; the server's, directly):\n");
    std::printf("  direct:         p50 %.3f ms  p99 %.3f ms  mean %.3f ms\n", ms(plainHttp, "p50_ms"),
                ms(plainHttp, "p99_ms"), ms(plainHttp, "mean_ms"));
    std::printf("  through Warden: p50 %.3f ms  p99 %.3f ms  mean %.3f ms\n", ms(http, "p50_ms"), ms(http, "p99_ms"),
                ms(http, "mean_ms"));
    std::printf("  added:          p50 %.3f ms  p99 %.3f ms  (ratio p50 %.2fx)\n",
                ms(http, "p50_ms") - ms(plainHttp, "p50_ms"), ms(http, "p99_ms") - ms(plainHttp, "p99_ms"),
                ms(http, "p50_ms") / ms(plainHttp, "p50_ms"));
    return 0;
}
