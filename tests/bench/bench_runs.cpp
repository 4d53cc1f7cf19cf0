// Live-run figures (a bench executable printing numbers, not a test):
//   launch to the agent's first gateway request, bubblewrap and Docker, beside
//   a plain `docker run` of the same image measured in the same run;
//   gateway round trip for an auto-allowed request (p50/p99) and requests/s;
//   egress proxy overhead per connection against a local HTTP server.
// Needs the sandbox image (WARDEN_IMAGE_DIR) and, for Docker, DOCKER_HOST.
#include "core/approvals/ApprovalQueue.h"
#include "core/common/ResourcePaths.h"
#include "core/runs/LiveRun.h"
#include "core/sandbox/BubblewrapSandbox.h"
#include "core/sandbox/DockerSandbox.h"
#include "core/store/AuditStore.h"

#include <cstring>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace warden;
using Clock = std::chrono::steady_clock;

namespace {

const char *kDeclaration = R"({"warden": 1, "agent": "bench", "purpose": "benchmark",
  "tools": {"ping": {"params": {"n": {"type": "integer", "min": 0}}}},
  "destinations": ["127.0.0.1"], "processes": ["python3"]})";

std::shared_ptr<const Declaration> declaration()
{
    return std::make_shared<const Declaration>(*Declaration::parse(kDeclaration, "bench.json"));
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

RunConfig config(const std::string &host, const std::string &image, std::vector<std::string> agent)
{
    RunConfig c;
    c.declaration = declaration();
    c.source = "bench";
    c.hostKind = host;
    c.sandbox.image = image;
    c.sandbox.argv = std::move(agent);
    c.sandbox.binds = {{*ResourcePaths::root() + "/agent", "/opt/warden", false}};
    return c;
}

std::unique_ptr<Sandbox> sandboxFor(const std::string &host)
{
    if (host == "docker")
        return std::make_unique<DockerSandbox>(DockerEndpoint::fromEnvironment());
    return std::make_unique<BubblewrapSandbox>();
}

// Launch to the first judged gateway request, in milliseconds.
double launchToFirstRequest(AuditStore &store, const std::string &host, const std::string &image)
{
    ApprovalQueue queue;
    LiveRun run(config(host, image,
                       {"python3", "-c",
                        "import sys; sys.path.insert(0, '/opt/warden'); from warden_agent import Gateway; "
                        "Gateway().call('ping', {'n': 1})"}),
                store, queue, sandboxFor(host));
    double ms = -1;
    bool ended = false;
    Clock::time_point start;
    QObject::connect(&run, &LiveRun::actionJudged, &run, [&](const Action &a, const Verdict &, const Judgement &) {
        if (a.seq == 1 && ms < 0)
            ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    });
    QObject::connect(&run, &LiveRun::ended, &run, [&] { ended = true; });
    start = Clock::now();
    run.start();
    while (!ended)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return ms;
}

int connectUnix(const QString &path)
{
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const QByteArray p = path.toLocal8Bit();
    std::memcpy(addr.sun_path, p.constData(),
                std::min<std::size_t>(static_cast<std::size_t>(p.size()), sizeof addr.sun_path - 1));
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool readLine(int fd, std::string &line)
{
    line.clear();
    char c;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n')
            return true;
        line += c;
    }
    return false;
}

void gatewayAndProxy(AuditStore &store, const std::string &image)
{
    ApprovalQueue queue;
    // The agent only idles; the benchmark talks to the run's sockets from the host.
    LiveRun run(config("bwrap", image, {"python3", "-c", "import time; time.sleep(300)"}), store, queue,
                sandboxFor("bwrap"));
    bool running = false;
    QObject::connect(&run, &LiveRun::stateChanged, &run,
                     [&](const QString &s) { running = running || s == QLatin1String("running"); });
    run.start();
    while (!running)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const QString dir = run.runDirectory();

    // A local HTTP server, the "declared destination".
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                if (s->readAll().contains("\r\n\r\n")) {
                    s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                    s->disconnectFromHost();
                }
            });
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    const int port = server.serverPort();

    std::atomic<bool> done{false};
    std::vector<double> rtt, direct, proxied;
    double perSecond = 0;
    std::thread client([&] {
        int fd = connectUnix(dir + QStringLiteral("/gateway.sock"));
        std::string line;
        for (int i = 0; i < 3000 && fd >= 0; ++i) {
            const std::string req = "{\"id\":\"" + std::to_string(i) +
                                    "\",\"tool\":\"ping\",\"params\":{\"n\":" + std::to_string(i) + "}}\n";
            auto t0 = Clock::now();
            if (::write(fd, req.data(), req.size()) < 0)
                break;
            readLine(fd, line);
            rtt.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            std::this_thread::sleep_for(std::chrono::milliseconds(6)); // stay under the rate limit
        }
        // Sustained: as fast as the limit allows, pipelined 8 deep.
        auto t0 = Clock::now();
        int answered = 0;
        for (int i = 0; i < 180 && fd >= 0; ++i) {
            const std::string req = "{\"id\":\"s" + std::to_string(i) + "\",\"tool\":\"ping\",\"params\":{\"n\":1}}\n";
            if (::write(fd, req.data(), req.size()) < 0)
                break;
            if (i >= 8 && readLine(fd, line))
                ++answered;
        }
        while (answered < 180 && readLine(fd, line))
            ++answered;
        perSecond = answered / std::chrono::duration<double>(Clock::now() - t0).count();
        if (fd >= 0)
            ::close(fd);

        const std::string request =
            "GET http://127.0.0.1:" + std::to_string(port) + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        char buffer[4096];
        for (int i = 0; i < 200; ++i) {
            // Direct: a TCP connection to the server.
            int tcp = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(static_cast<uint16_t>(port));
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            auto d0 = Clock::now();
            ::connect(tcp, reinterpret_cast<sockaddr *>(&a), sizeof a);
            const std::string plain = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            if (::write(tcp, plain.data(), plain.size()) < 0)
                break;
            while (::read(tcp, buffer, sizeof buffer) > 0) {
            }
            direct.push_back(std::chrono::duration<double, std::micro>(Clock::now() - d0).count());
            ::close(tcp);
            // Through the proxy: judged, recorded, then connected by the warden.
            auto p0 = Clock::now();
            int px = connectUnix(dir + QStringLiteral("/proxy.sock"));
            if (::write(px, request.data(), request.size()) < 0)
                break;
            while (::read(px, buffer, sizeof buffer) > 0) {
            }
            proxied.push_back(std::chrono::duration<double, std::micro>(Clock::now() - p0).count());
            ::close(px);
        }
        done = true;
    });
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    client.join();
    run.kill(QStringLiteral("benchmark done"));
    bool ended = false;
    QObject::connect(&run, &LiveRun::ended, &run, [&] { ended = true; });
    while (!ended)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);

    std::printf("gateway round trip, auto-allowed request (policy + judge + durable store + reply), %zu requests:\n"
                "  p50 %.0f us   p99 %.0f us   max %.0f us\n",
                rtt.size(), percentile(rtt, 0.5), percentile(rtt, 0.99), percentile(rtt, 1.0));
    std::printf("gateway sustained, one connection, 8 requests in flight: %.0f requests/s\n", perSecond);
    std::printf("egress proxy, one HTTP request per connection to a local server, %zu requests:\n"
                "  direct p50 %.0f us   via proxy p50 %.0f us   overhead p50 %.0f us (p99 %.0f us)\n",
                proxied.size(), percentile(direct, 0.5), percentile(proxied, 0.5),
                percentile(proxied, 0.5) - percentile(direct, 0.5),
                percentile(proxied, 0.99) - percentile(direct, 0.99));
}

double plainDockerRun()
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("docker"), {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--network"),
                                       QStringLiteral("none"), QStringLiteral("warden-sandbox:1"),
                                       QStringLiteral("python3"), QStringLiteral("-c"), QStringLiteral("pass")});
    p.waitForFinished(120000);
    return p.exitCode() == 0 ? static_cast<double>(t.nsecsElapsed()) / 1e6 : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto image = ResourcePaths::imageRoot();
    if (!image) {
        std::fprintf(stderr, "%s\n", image.error().message.c_str());
        return 1;
    }
    QTemporaryDir dir;
    auto store = AuditStore::open(dir.filePath(QStringLiteral("bench.db")).toStdString());
    if (!store)
        return 1;

    std::vector<double> bwrap;
    for (int i = 0; i < 10; ++i)
        bwrap.push_back(launchToFirstRequest(**store, "bwrap", *image));
    std::printf("launch to first gateway request, bubblewrap, 10 runs: p50 %.0f ms  min %.0f ms  max %.0f ms\n",
                percentile(bwrap, 0.5), percentile(bwrap, 0), percentile(bwrap, 1));

    DockerClient probe(DockerEndpoint::fromEnvironment());
    if (probe.negotiate()) {
        std::vector<double> docker, plain;
        for (int i = 0; i < 5; ++i) {
            docker.push_back(launchToFirstRequest(**store, "docker", "warden-sandbox:1"));
            plain.push_back(plainDockerRun());
        }
        std::printf("launch to first gateway request, Docker, 5 runs: p50 %.0f ms  (plain `docker run --rm "
                    "--network none warden-sandbox:1 python3 -c pass` in the same run: p50 %.0f ms)\n",
                    percentile(docker, 0.5), percentile(plain, 0.5));
    } else {
        std::printf("Docker: no engine answers at DOCKER_HOST; skipped\n");
    }
    gatewayAndProxy(**store, *image);
    return 0;
}
