// Time to the first streamed token, and to the whole answer, for one model
// request sent straight to the provider and the same request through the
// model door: judged, the provider's key put in, the answer streamed back
// as it arrives. A third column adds what a run adds on top: the request's
// action and verdict committed to a real audit store (fsync) before it
// goes out. The provider is the scripted model (a TEST DOUBLE for a hosted
// one: resources/agents/scripted-model.py, the Anthropic Messages API over
// server-sent events) on a loopback port; the client is plain blocking
// sockets on their own thread, the door on this one's event loop as in a
// warden. Figures for docs/PERFORMANCE.md.
//
//   bench_modeldoor [REQUESTS]   (default 300, each kind; interleaved)
#include "core/agents/ScriptedModel.h"
#include "core/common/ResourcePaths.h"
#include "core/model/ModelDoor.h"
#include "core/policy/PolicyEngine.h"
#include "core/store/AuditStore.h"
#include "core/store/RunRecords.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
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

struct Timing {
    double firstTokenMs = -1;
    double wholeMs = -1;
};

int connectTcp(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

int connectUnix(const std::string &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

// One streamed request on `fd`, timed from its first byte sent to the first
// content delta and to the end of the message_stop event.
Timing exchange(int fd, const std::string &request)
{
    Timing t;
    if (fd < 0)
        return t;
    const auto start = Clock::now();
    auto ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        ::close(fd);
        return t;
    }
    std::string got;
    char buffer[16384];
    while (true) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        got.append(buffer, static_cast<std::size_t>(n));
        if (t.firstTokenMs < 0 && got.find("content_block_delta") != std::string::npos)
            t.firstTokenMs = ms();
        if (const auto stop = got.find("\"message_stop\"}");
            stop != std::string::npos && got.find("\n\n", stop) != std::string::npos) {
            t.wholeMs = ms();
            break;
        }
    }
    ::close(fd);
    return t;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? std::max(10, std::atoi(argv[1])) : 300;
    QTemporaryDir dir;
    const std::string script = dir.filePath(QStringLiteral("script.json")).toStdString();
    {
        FILE *f = std::fopen(script.c_str(), "w");
        std::fputs(R"({"turns": [{"text": "The tests pass now."}]})", f);
        std::fclose(f);
    }
    auto model = ScriptedModel::start(script);
    if (!model) {
        std::fprintf(stderr, "bench_modeldoor: %s\n", model.error().toString().c_str());
        return 1;
    }
    const std::string url = (*model)->url();
    const std::string hostPort = url.substr(std::string("http://").size());
    const int port = std::atoi(hostPort.substr(hostPort.rfind(':') + 1).c_str());
    auto declared = Declaration::parse(R"({"warden": 1, "agent": "bench", "purpose": "time the model door",
        "destinations": [")" + hostPort + R"("], "internal_destinations": [")" +
                                           hostPort + R"("],
        "models": {"anthropic": {"api": "anthropic", "url": ")" +
                                           url + R"(", "key": "env:WARDEN_BENCH_MODEL_KEY"}}})",
                                       "bench");
    if (!declared) {
        std::fprintf(stderr, "bench_modeldoor: %s\n", declared.error().toString().c_str());
        return 1;
    }
    auto declaration = std::make_shared<const Declaration>(std::move(*declared));
    auto store = AuditStore::open(dir.filePath(QStringLiteral("bench.db")).toStdString());
    if (!store) {
        std::fprintf(stderr, "bench_modeldoor: %s\n", store.error().toString().c_str());
        return 1;
    }
    auto engine = std::make_shared<PolicyEngine>(declaration);
    std::int64_t seq = 0;
    // Two doors: one judges, the other also commits the action and its
    // verdict before answering, as a run does.
    auto makeDoor = [&](bool commit, const QString &name) {
        auto *door = new ModelDoor(
            declaration, {},
            [&, commit](Action a, std::optional<Reason> denial, auto answer) {
                a.seq = ++seq;
                Verdict v = engine->evaluate(a);
                if (denial)
                    v.decision = Decision::Deny;
                if (commit)
                    (void)(*store)->appendAndWait({RunRecords::action("bench", a), RunRecords::verdict("bench", a, v)});
                answer(v.decision == Decision::Allow, a.seq, v.reasonsText());
            },
            &app);
        door->setKeys({{"anthropic", "sk-ant-the-wardens-real-key"}});
        const QString path = dir.filePath(name);
        if (auto ok = door->listen(path); !ok) {
            std::fprintf(stderr, "bench_modeldoor: %s\n", ok.error().toString().c_str());
            std::exit(1);
        }
        return path.toStdString();
    };
    const std::string judged = makeDoor(false, QStringLiteral("door.sock"));
    const std::string committed = makeDoor(true, QStringLiteral("door-commit.sock"));

    const std::string body =
        R"({"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Fix the failing test."}]})";
    auto post = [](const std::string &b) {
        return "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "anthropic-version: 2023-06-01\r\nx-api-key: the-agents-stand-in\r\n"
               "Connection: close\r\nContent-Length: " +
               std::to_string(b.size()) + "\r\n\r\n" + b;
    };
    const std::string request = post(body);
    // The same with a 128 KiB tool result sent back (a file the agent read):
    // the door reads it for the signs of instructions before it goes on.
    std::string page;
    while (page.size() < 128 * 1024)
        page += "def test_add():\\n    assert add(2, 3) == 5  # the calculator's tests, line after line\\n";
    const std::string bigRequest = post(
        R"({"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Fix it."},)"
        R"({"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"path":"test_calc.py"}}]},)"
        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":")" +
        page + R"("}]}]})");

    std::vector<Timing> direct, door, doorCommit, bigDirect, bigDoor;
    std::thread client([&] {
        for (int i = 0; i < 10; ++i) // warm both paths
            exchange(connectTcp(port), request), exchange(connectUnix(judged), request);
        for (int i = 0; i < requests; ++i) {
            direct.push_back(exchange(connectTcp(port), request));
            door.push_back(exchange(connectUnix(judged), request));
            doorCommit.push_back(exchange(connectUnix(committed), request));
            bigDirect.push_back(exchange(connectTcp(port), bigRequest));
            bigDoor.push_back(exchange(connectUnix(judged), bigRequest));
        }
        QMetaObject::invokeMethod(&app, &QCoreApplication::quit, Qt::QueuedConnection);
    });
    app.exec();
    client.join();

    auto column = [](const std::vector<Timing> &runs, bool first) {
        std::vector<double> out;
        for (const Timing &t : runs)
            if ((first ? t.firstTokenMs : t.wholeMs) >= 0)
                out.push_back(first ? t.firstTokenMs : t.wholeMs);
        return out;
    };
    // The door's added time: the median of paired differences (each door
    // request against the direct one just before it).
    auto added = [&](const std::vector<Timing> &through, bool first, const std::vector<Timing> &against) {
        std::vector<double> d;
        for (std::size_t i = 0; i < std::min(through.size(), against.size()); ++i) {
            const double a = first ? through[i].firstTokenMs : through[i].wholeMs;
            const double b = first ? against[i].firstTokenMs : against[i].wholeMs;
            if (a >= 0 && b >= 0)
                d.push_back(a - b);
        }
        return percentile(d, 0.5);
    };
    std::printf("model door, %d streamed Anthropic requests each, interleaved (ms)\n", requests);
    std::printf("%-28s %8s %8s %8s %8s %8s %8s %6s\n", "path", "ttft50", "ttft90", "ttft99", "whole50", "whole90",
                "whole99", "fails");
    for (const auto &[name, runs] : {std::pair<const char *, const std::vector<Timing> &>{"direct", direct},
                                     {"through the door", door},
                                     {"through the door + commit", doorCommit},
                                     {"direct, 128 KiB result", bigDirect},
                                     {"door, 128 KiB result", bigDoor}}) {
        const auto first = column(runs, true);
        const auto whole = column(runs, false);
        std::printf("%-28s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %6zu\n", name, percentile(first, 0.5),
                    percentile(first, 0.9), percentile(first, 0.99), percentile(whole, 0.5), percentile(whole, 0.9),
                    percentile(whole, 0.99), runs.size() - whole.size());
    }
    std::printf("added by the door (median of paired differences): first token %.2f ms, whole answer %.2f ms\n",
                added(door, true, direct), added(door, false, direct));
    std::printf("added with the commit: first token %.2f ms, whole answer %.2f ms\n", added(doorCommit, true, direct),
                added(doorCommit, false, direct));
    std::printf("added with a 128 KiB tool result: first token %.2f ms\n", added(bigDoor, true, bigDirect));
    std::printf("{\"ttft_added_p50_ms\": %.3f, \"whole_added_p50_ms\": %.3f, \"ttft_added_commit_p50_ms\": %.3f, "
                "\"ttft_added_128k_p50_ms\": %.3f}\n",
                added(door, true, direct), added(door, false, direct), added(doorCommit, true, direct),
                added(bigDoor, true, bigDirect));
    return 0;
}
