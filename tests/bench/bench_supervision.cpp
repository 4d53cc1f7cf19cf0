// Syscall supervision's cost, measured side by side in one run: the same
// command run plainly and under warden-init with a real SyscallSupervisor
// in this process that lets every call through at once (no policy, no
// store: the mechanism alone). Prints medians of several rounds and the
// ratio, and the round trip per supervised call.
//
//   bench_supervision [rounds]      (default 7)
//
// The full cost in a run adds the judging and the durable commit of each
// recorded call (see docs/PERFORMANCE.md, "Syscall supervision").
#include "core/common/ResourcePaths.h"
#include "core/supervise/SyscallSupervisor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace warden;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Milliseconds to run `argv` to its end; under `init` when given.
double timed(const QString &init, const QString &socket, const QStringList &argv)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("WARDEN_SUPERVISOR_SOCKET"), socket);
    env.insert(QStringLiteral("WARDEN_PROXY_BRIDGE_PORT"), QStringLiteral("0"));
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    if (init.isEmpty())
        p.start(argv.first(), argv.mid(1));
    else
        // As the sandbox's first process: the supervisor takes a listener
        // from nothing else (namespaces cost about a millisecond, as in bwrap).
        p.start(QStringLiteral("unshare"),
                QStringList{QStringLiteral("--user"), QStringLiteral("--map-current-user"), QStringLiteral("--mount"),
                            QStringLiteral("--pid"), QStringLiteral("--fork"), QStringLiteral("--mount-proc"),
                            QStringLiteral("--kill-child"), init} +
                    argv);
    // The supervisor answers on this thread's event loop, which must wake at
    // once for a posted event (QTest::qWaitFor sleeps 10 ms between looks).
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    if (p.waitForStarted(10000) && p.state() != QProcess::NotRunning)
        loop.exec();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "bench_supervision: %s failed: %s\n", qPrintable(argv.join(QLatin1Char(' '))),
                     p.readAllStandardError().constData());
        std::exit(1);
    }
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    auto init = ResourcePaths::initProgram();
    if (!init) {
        std::fprintf(stderr, "bench_supervision: %s\n", init.error().message.c_str());
        return 1;
    }
    QTemporaryDir dir;
    const QString socket = dir.filePath(QStringLiteral("supervisor.sock"));
    std::uint64_t notices = 0;

    struct Case {
        const char *name;
        QStringList argv;
        int calls; // supervised calls the command makes, for the per-call figure
    };
    const std::vector<Case> cases = {
        {"1,000 execs of /bin/true",
         {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
          QStringLiteral("i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done")},
         1000},
        {"python3 importing 12 standard modules",
         {QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"),
          QStringLiteral("import json, csv, re, os, socket, subprocess, hashlib, base64, datetime, collections, "
                         "itertools, urllib.request")},
         0},
    };
    std::printf("%-40s %12s %12s %8s %14s\n", "case", "plain ms", "supervised", "ratio", "per call");
    for (const Case &c : cases) {
        std::vector<double> plain, supervised;
        for (int r = 0; r < rounds; ++r) {
            plain.push_back(timed({}, socket, c.argv));
            SyscallSupervisor supervisor; // one per run, as a run has
            if (!supervisor.listen(socket)) {
                std::fprintf(stderr, "bench_supervision: cannot listen on %s\n", qPrintable(socket));
                return 1;
            }
            QObject::connect(&supervisor, &SyscallSupervisor::noticed, &supervisor, [&](const SyscallNotice &n) {
                ++notices;
                supervisor.allow(n.id);
            });
            supervised.push_back(timed(QString::fromStdString(*init), socket, c.argv));
            supervisor.stop();
            QFile::remove(socket);
        }
        const double p = median(plain), s = median(supervised);
        if (c.calls > 0)
            std::printf("%-40s %12.1f %12.1f %7.2fx %11.1f us\n", c.name, p, s, s / p, (s - p) * 1000.0 / c.calls);
        else
            std::printf("%-40s %12.1f %12.1f %7.2fx %14s\n", c.name, p, s, s / p, "-");
    }
    std::printf("(medians of %d rounds; %llu calls reached the supervisor)\n", rounds,
                static_cast<unsigned long long>(notices));
    return 0;
}
