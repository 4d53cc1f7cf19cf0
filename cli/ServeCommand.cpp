#include "cli/ServeCommand.h"

#include "cli/CliArgs.h"
#include "cli/LiveSession.h"
#include "core/common/PrivateDirectory.h"
#include "core/common/ResourcePaths.h"
#include "core/control/ControlServer.h"
#include "core/host/HostEndpoint.h"
#include "core/hostd/HostServer.h"
#include "core/investigate/OtlpExporter.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"
#include "core/store/StorePaths.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHostInfo>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTimer>

#include <openssl/rand.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

namespace warden {

namespace {

int g_stopPipe[2] = {-1, -1};

void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] auto n = ::write(g_stopPipe[1], &byte, 1);
}

Result<std::pair<QHostAddress, quint16>> parseListen(const std::string &text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return fail("--listen takes ADDRESS:PORT, e.g. 0.0.0.0:7455", "--listen");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    QHostAddress address;
    if (host == "localhost")
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(QString::fromStdString(host)))
        return fail("not an IP address: \"" + host + "\"", "--listen");
    int port = -1;
    try {
        std::size_t used = 0;
        port = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1)
            port = -1;
    } catch (const std::exception &) {
    }
    if (port < 0 || port > 65535)
        return fail("port must be 0 to 65535", "--listen");
    return std::make_pair(address, quint16(port));
}

// The token file a host makes for itself on first start, owner-only.
Result<std::string> generatedToken(std::string &where)
{
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/warden");
    where = QString(dir + QStringLiteral("/host-token")).toStdString();
    if (QFile::exists(QString::fromStdString(where)))
        return readOwnerOnlySecret(where);
    if (auto made = PrivateDirectory::make(dir.toStdString()); !made)
        return std::unexpected(made.error());
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    unsigned char bytes[24];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return fail("no randomness for a token");
    const std::string token = QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes).toHex().toStdString();
    QSaveFile file(QString::fromStdString(where));
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QByteArray::fromStdString(token + "\n")) < 0 || !file.commit())
        return fail("cannot write the token file", {}, 0, where);
    return token;
}

} // namespace

const char *ServeCommand::help()
{
    return "usage: wardenctl serve [--listen ADDRESS:PORT] [--tls-cert CERT.pem --tls-key KEY.pem]\n"
           "                       [--token-file FILE] [--db PATH] [--max-runs N]\n"
           "                       [--credentials FILE [--launcher-may-approve]]\n"
           "                       [--allow-internal-destinations]\n"
           "\n"
           "Run a headless warden host until SIGINT or SIGTERM. Local reviewers decide its\n"
           "approvals with wardenctl approvals; remote clients connect with\n"
           "  wardenctl demo code-bot --host wardens://HOST:PORT\n"
           "and the console's Hosts screen. Runs execute here, in this host's sandboxes,\n"
           "and are recorded in this host's audit store.\n"
           "\n"
           "  --listen A:P     where to listen (default 127.0.0.1:7455; port 0 picks one)\n"
           "  --tls-cert/key   PEM certificate chain and key; required unless A is loopback\n"
           "  --credentials F  owner-only file naming each person, their role (viewer, reviewer,\n"
           "                   launcher, admin) and their token's hash: see wardenctl credentials\n"
           "  --launcher-may-approve\n"
           "                   let a run's launcher decide its own run's approvals (off with\n"
           "                   --credentials; one shared token is one person, so on without)\n"
           "  --token-file F   instead of --credentials: one shared token for everyone, in an\n"
           "                   owner-only file (or WARDEN_HOST_TOKEN);\n"
           "                   without either a token is made once in ~/.config/warden/host-token\n"
           "  --max-runs N     concurrent runs (default 4)\n"
           "  --allow-internal-destinations\n"
           "                   let clients' declarations list internal_destinations, which reach\n"
           "                   loopback, private and cloud-metadata addresses from this host\n"
           "Clients pass the token in WARDEN_HOST_TOKEN (or --token-file) and pin a private\n"
           "CA with WARDEN_HOST_CA.\n";
}

int ServeCommand::run(const std::vector<std::string> &argList, CliContext &ctx)
{
    auto args = CliArgs::parse(
        argList, {{"--listen", "--tls-cert", "--tls-key", "--token-file", "--credentials", "--db", "--max-runs"},
                  {"--allow-internal-destinations", "--launcher-may-approve"}});
    if (!args)
        return ctx.usageError(args.error().message);
    if (!args->positional().empty())
        return ctx.usageError("serve takes no arguments");
    auto listen = parseListen(args->value("--listen").value_or("127.0.0.1:7455"));
    if (!listen)
        return ctx.usageError(listen.error().toString());
    if (args->value("--tls-cert").has_value() != args->value("--tls-key").has_value())
        return ctx.usageError("--tls-cert and --tls-key go together");

    HostServer::Settings settings;
    settings.address = listen->first;
    settings.port = listen->second;
    settings.tlsCert = QString::fromStdString(args->value("--tls-cert").value_or(""));
    settings.tlsKey = QString::fromStdString(args->value("--tls-key").value_or(""));
    settings.hostName = QHostInfo::localHostName().toStdString();
    // Every argument is checked before anything is made (a token file, say).
    auto maxRuns = args->integer("--max-runs", 1, 64, settings.maxRuns);
    if (!maxRuns)
        return ctx.usageError(maxRuns.error().message);
    settings.maxRuns = *maxRuns;
    settings.allowInternalDestinations = args->flag("--allow-internal-destinations");
    std::string tokenSource;
    std::string token;
    if (auto credentials = args->value("--credentials")) {
        if (args->value("--token-file"))
            return ctx.usageError("--credentials and --token-file are alternatives");
        auto people = HostCredentials::load(*credentials);
        if (!people)
            return ctx.usageError(people.error().toString());
        settings.credentials = std::move(*people);
        settings.launcherMayApprove = args->flag("--launcher-may-approve");
        tokenSource = *credentials + " (" + std::to_string(settings.credentials.people().size()) + " people" +
                      (settings.launcherMayApprove ? ", launchers may approve their own runs" : "") + ")";
    } else {
        if (auto file = args->value("--token-file")) {
            auto read = readOwnerOnlySecret(*file);
            if (!read)
                return ctx.usageError(read.error().toString());
            token = *read;
            tokenSource = *file;
        } else if (const char *env = std::getenv("WARDEN_HOST_TOKEN"); env && *env) {
            token = env;
            tokenSource = "WARDEN_HOST_TOKEN";
        } else {
            auto made = generatedToken(tokenSource);
            if (!made)
                return ctx.usageError(made.error().toString());
            token = *made;
        }
        if (token.size() < 16)
            return ctx.usageError("the host token must be at least 16 characters (" + tokenSource + ")");
        settings.credentials = HostCredentials::sharedToken(token);
        settings.launcherMayApprove = true; // one token is one person
        tokenSource += " (one shared token: everyone is \"token\", an admin)";
    }

    auto opening = RunSupervisor::prepare(StorePaths::resolve(args->value("--db").value_or("")));
    if (!opening) {
        ctx.printError(opening.error());
        return kExitBadInput;
    }
    if (const std::string recovered = opening->recoverySummary(); !recovered.empty())
        ctx.out << recovered << '\n';

    // Runs must start without waiting minutes for an image: build it now.
    if (!ResourcePaths::imageRoot()) {
        ctx.out << "building the sandbox image once (Debian minbase + python3)..." << std::endl;
        if (auto built = ResourcePaths::buildImage(); !built) {
            ctx.err << "wardenctl: " << built.error().message << '\n';
            return kExitBadInput;
        }
    }
    RunSupervisor supervisor;
    supervisor.adopt(std::move(*opening));
    for (const std::string &warning : supervisor.warnings())
        ctx.err << "warning: " << warning << '\n';
    // Every run from here on, to the collector OpenTelemetry's variables name.
    auto otlp = OtlpExporter::Options::fromEnvironment();
    if (!otlp) {
        ctx.printError(otlp.error());
        return kExitBadInput;
    }
    std::unique_ptr<OtlpExporter> exporter;
    if (*otlp) {
        if ((*otlp)->headersInClear())
            ctx.err << "warning: the OTEL_EXPORTER_OTLP_HEADERS headers go to an http:// collector in clear text\n";
        (*otlp)->after = supervisor.store()->recordsAtOpen();
        (*otlp)->newRuns = true;
        auto started = OtlpExporter::start(supervisor.store()->path(), std::move(**otlp));
        if (!started) {
            ctx.printError(started.error());
            return kExitBadInput;
        }
        exporter = std::move(*started);
    }
    auto server = std::make_unique<HostServer>(settings, supervisor);
    if (auto ok = server->listen(); !ok) {
        ctx.err << "wardenctl: " << ok.error().toString() << '\n';
        return kExitBadInput;
    }

    if (::pipe2(g_stopPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        ctx.err << "wardenctl: cannot set up signal handling\n";
        return kExitBadInput;
    }
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    QEventLoop loop;
    QSocketNotifier stop(g_stopPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &loop, &QEventLoop::quit);

    ctx.out << "warden host listening on " << server->url() << "\n  credentials: " << tokenSource
            << "\n  approvals: " << ControlServer::defaultPath().toStdString() << std::endl;
    loop.exec();
    if (server->liveRuns() > 0) {
        ctx.out << "stopping: killing " << server->liveRuns() << " live runs; their pending approvals are denied"
                << std::endl;
        QEventLoop drain;
        QObject::connect(server.get(), &HostServer::runCountChanged, &drain, [&](int n) {
            if (n == 0)
                drain.quit();
        });
        QTimer::singleShot(20000, &drain, &QEventLoop::quit);
        server->killRuns(QStringLiteral("the warden host is stopping"));
        drain.exec();
    }
    server.reset(); // sessions and their runs go first, while the store is open
    if (exporter) {
        const OtlpExporter::Tally sent = exporter->finish(LiveSession::kOtlpFinishMs);
        if (!sent.lastError.empty())
            ctx.err << "warning: OpenTelemetry: " << sent.lostSpans
                    << " spans not sent: " << TerminalText::printable(sent.lastError) << '\n';
    }
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::close(g_stopPipe[0]);
    ::close(g_stopPipe[1]);
    return kExitOk;
}

} // namespace warden
