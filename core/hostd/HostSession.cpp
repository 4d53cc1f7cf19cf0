#include "core/hostd/HostSession.h"
#include "core/policy/StoredVerdict.h"

#include "core/common/ResourcePaths.h"
#include "core/control/ControlServer.h"
#include "core/hostd/HostServer.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/runs/LiveRun.h"
#include "core/runs/RunSupervisor.h"
#include "core/scenarios/CustomRun.h"
#include "core/scenarios/DemoScenario.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <set>

namespace warden {

namespace {

Result<int> boundedInt(const nlohmann::json &request, const char *field, int fallback, int max)
{
    auto it = request.find(field);
    if (it == request.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > max)
        return fail(std::string("must be a whole number from 1 to ") + std::to_string(max), std::string("/") + field);
    return it->get<int>();
}

// Absent is empty; the wrong type or too long is refused by name.
Result<std::string> boundedString(const nlohmann::json &request, const char *field, std::size_t max)
{
    auto value = JsonLookup::optionalString(request, field, max);
    if (!value)
        return std::unexpected(value.error());
    return value->value_or(std::string());
}

Result<RunConfig> runConfig(const nlohmann::json &request, bool allowInternalDestinations)
{
    static const std::set<std::string> known = {"op",      "demo",         "declaration",      "argv",
                                                "backend", "wall_seconds", "approval_timeout", "launcher"};
    for (const auto &[key, value] : request.items())
        if (!known.contains(key))
            return fail("unknown field", "/" + key);
    auto backend = boundedString(request, "backend", 16);
    if (!backend)
        return std::unexpected(backend.error());
    const std::string hostKind = backend->empty() ? "bwrap" : *backend;
    if (hostKind != "bwrap" && hostKind != "docker")
        return fail("must be bwrap or docker", "/backend");
    // Never build the image here: that takes minutes and would stall every
    // other client. The host builds it when it starts (ServeCommand).
    auto image =
        hostKind == "docker" ? Result<std::string>(std::string("warden-sandbox:1")) : ResourcePaths::imageRoot();
    if (!image)
        return fail("this host has no sandbox image (restart it to build one)", "/backend");
    auto timeout = boundedInt(request, "approval_timeout", 15 * 60, 24 * 3600);
    if (!timeout)
        return std::unexpected(timeout.error());

    Result<RunConfig> config = fail("a run needs \"demo\" or \"declaration\" and \"argv\"", "/");
    if (request.contains("demo")) {
        auto demo = boundedString(request, "demo", 64);
        if (!demo)
            return std::unexpected(demo.error());
        if (request.contains("declaration") || request.contains("argv"))
            return fail("a demo run takes no declaration or argv", "/demo");
        // The scripted demos only: a real-agent demo runs on the machine that
        // asks for it (wardenctl demo, the console), never on a host.
        config = DemoScenario::config(*demo, hostKind, *image);
    } else if (request.contains("declaration")) {
        // The client's file travels as text, so errors keep its line numbers.
        auto text = boundedString(request, "declaration", 1024 * 1024);
        if (!text)
            return std::unexpected(text.error());
        auto declaration = Declaration::parse(*text, "declaration");
        if (!declaration)
            return std::unexpected(declaration.error());
        if (!declaration->internalDestinations.empty() && !allowInternalDestinations)
            return fail("this host does not let clients declare internal destinations (its operator can allow them "
                        "with --allow-internal-destinations)",
                        "/declaration/internal_destinations");
        // A stdio MCP server runs on this host, its command and directories
        // mounted from this host's disk: only this host's operator chooses
        // those. A client's run may reach MCP servers at a URL (through the
        // egress policy), never start one here.
        for (const auto &[name, server] : declaration->mcpServers)
            if (server.url.empty())
                return fail("a remote client may declare only MCP servers at a URL: a stdio server would run on this "
                            "host with a command and directories of the client's choosing",
                            "/declaration/mcp_servers/" + name);
        CustomRun run;
        run.declaration = std::make_shared<const Declaration>(std::move(*declaration));
        run.hostKind = hostKind;
        run.image = *image;
        auto argv = request.find("argv");
        if (argv == request.end() || !argv->is_array() || argv->empty() || argv->size() > 256)
            return fail("must be a list of 1 to 256 strings", "/argv");
        for (const auto &a : *argv) {
            if (!a.is_string() || a.get_ref<const std::string &>().size() > 4096 ||
                a.get_ref<const std::string &>().find('\0') != std::string::npos)
                return fail("each argument must be a string of at most 4096 bytes", "/argv");
            run.argv.push_back(a.get<std::string>());
        }
        auto wall = boundedInt(request, "wall_seconds", 0, 24 * 3600);
        if (!wall)
            return std::unexpected(wall.error());
        run.wallSeconds = *wall;
        config = run.config();
    }
    if (config)
        config->approvalTimeoutSeconds = *timeout;
    return config;
}

} // namespace

HostSession::HostSession(HostServer &server, QTcpSocket *socket, HostAdmission::Ticket ticket)
    : QObject(&server), m_server(server), m_socket(socket), m_peer(socket->peerAddress()), m_ticket(ticket)
{
    m_socket->setParent(this);
    m_helloTimer.setSingleShot(true);
    const int helloMs = ticket == HostAdmission::Ticket::Brief ? HostAdmission::kBriefHelloMs : HostAdmission::kHelloMs;
    connect(&m_helloTimer, &QTimer::timeout, this,
            [this, helloMs] { refuse("no hello within " + std::to_string(helloMs / 1000) + " seconds", true); });
    m_helloTimer.start(helloMs);
    connect(m_socket, &QTcpSocket::readyRead, this, &HostSession::onReadable);
    connect(&server, &HostServer::killRequested, this, [this](const QString &why) {
        if (m_run)
            m_run->kill(why);
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_closing = true;
        if (m_run)
            m_run->kill(QStringLiteral("the client that started the run disconnected"));
        else
            deleteLater();
    });
}

HostSession::~HostSession()
{
    if (!m_person)
        m_server.admission().closedUnauthenticated(m_peer, m_ticket);
    if (m_runCounted)
        m_server.runEnded();
}

void HostSession::onReadable()
{
    while (!m_closing && m_socket->canReadLine()) {
        const QByteArray line = m_socket->readLine(kMaxLine + 1);
        if (!line.endsWith('\n')) {
            refuse("request line longer than 1 MiB", true);
            return;
        }
        auto request = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                       {.maxBytes = static_cast<std::size_t>(kMaxLine)});
        if (!request || !request->is_object()) {
            refuse(request ? std::string("not a JSON object") : "the request is " + request.error().message, !m_person);
            continue;
        }
        try {
            handle(*request);
        } catch (const std::exception &e) {
            // Exception firewall: a bug refuses one request; the host and
            // its other clients carry on.
            refuse(std::string("internal error: ") + e.what(), false);
        }
    }
    if (m_socket->bytesAvailable() > kMaxLine)
        refuse("request line longer than 1 MiB", true);
}

void HostSession::handle(const nlohmann::json &request)
{
    const auto op = request.find("op");
    const std::string name = op != request.end() && op->is_string() ? op->get<std::string>() : std::string();
    if (!m_person) {
        const auto token = request.find("token");
        if (name == "hello" && token != request.end() && token->is_string() &&
            token->get_ref<const std::string &>().size() <= 4096)
            m_person = m_server.settings().credentials.match(token->get_ref<const std::string &>());
        if (!m_person) {
            // Counted per address (a lockout after a few), recorded, and
            // answered only after a second to slow guessing down.
            m_server.wrongCredentials(m_peer);
            m_closing = true;
            QTimer::singleShot(1000, this, [this] {
                m_socket->write(R"({"ok":false,"error":"the host refused the token"})"
                                "\n");
                m_socket->disconnectFromHost();
            });
            return;
        }
        m_server.admission().authenticated(m_peer, m_ticket);
        m_helloTimer.stop();
    }
    if (name == "hello" || name == "info") {
        send({{"ok", true},
              {"host", m_server.settings().hostName},
              {"version", WARDEN_VERSION},
              {"backends", {"bwrap", "docker"}},
              {"isolation", "namespaces (bubblewrap), containers (docker)"},
              {"live_runs", m_server.liveRuns()},
              {"pending_approvals", m_server.queue().pending().size()},
              {"you", {{"name", m_person->name}, {"role", hostRoleName(m_person->role)}}}});
        return;
    }
    if (name == "list") {
        send(ControlServer::handle(m_server.queue(), request, m_person->name));
        return;
    }
    if (name == "decide") {
        if (!mayDecide(m_person->role)) {
            refuse(m_person->name + " is a " + hostRoleName(m_person->role) +
                       " on this host and may not decide approvals",
                   false);
            return;
        }
        // The reviewer is who authenticated, never a name the client claims.
        send(ControlServer::handle(m_server.queue(), request, m_person->name));
        return;
    }
    if (name == "run") {
        startRun(request, *m_person);
        return;
    }
    send({{"ok", false}, {"error", "unknown op \"" + name + "\""}});
}

void HostSession::startRun(const nlohmann::json &request, const HostCredential &person)
{
    if (!mayLaunch(person.role)) {
        send({{"ok", false},
              {"error", person.name + " is a " + hostRoleName(person.role) + " on this host and may not start runs"}});
        return;
    }
    if (m_runCounted) {
        send({{"ok", false}, {"error", "this connection already has a run"}});
        return;
    }
    auto config = runConfig(request, m_server.settings().allowInternalDestinations);
    if (!config) {
        send({{"ok", false}, {"error", config.error().toString()}});
        return;
    }
    if (!m_server.tryStartRun()) {
        send({{"ok", false}, {"error", "the host is running its maximum number of runs"}});
        return;
    }
    // The launcher is who authenticated (a "launcher" field a client sends is
    // only its claim, and ignored).
    config->launcher = person.name;
    config->launcherMayApprove = m_server.settings().launcherMayApprove;
    // The declaration goes back with the answer: a client that keeps its own
    // record of the run (the console) stores what the agent was held to.
    const std::string declaration = config->declaration->sourceText;
    const std::string hostKind = config->hostKind;
    LiveRun *run = m_server.supervisor().start(std::move(*config));
    if (!run) {
        m_server.runEnded();
        send({{"ok", false}, {"error", "the host's audit store is not open"}});
        return;
    }
    m_run = run;
    m_runCounted = true;
    send({{"ok", true},
          {"run", run->runId()},
          {"agent", run->agent()},
          {"declaration", declaration},
          {"backend", hostKind}});
    connect(run, &LiveRun::stateChanged, this, [this](const QString &state, const QString &detail) {
        send({{"event", "state"}, {"state", state.toStdString()}, {"detail", detail.toStdString()}});
    });
    connect(run, &LiveRun::agentOutput, this, [this](const QString &line) {
        send({{"event", "output"}, {"line", line.toStdString()}}, Delivery::Droppable);
    });
    connect(run, &LiveRun::actionJudged, this, [this](const Action &a, const Verdict &v, const Judgement &j) {
        send({{"event", "action"},
              {"action", a.toJson()},
              {"verdict", StoredVerdict::of(v).toJson(v.seq, actionKindName(a.kind))},
              {"judgement", j.toJson()}});
    });
    const std::string runId = run->runId();
    connect(&m_server.queue(), &ApprovalQueue::requested, this, [this, runId](const ApprovalRequest &r) {
        if (r.runId == runId && m_run)
            send({{"event", "approval"}, {"request", r.toJson()}, {"judgement", m_run->judgement().toJson()}});
    });
    connect(&m_server.queue(), &ApprovalQueue::resolved, this, [this, runId](const ApprovalRequest &r) {
        if (r.runId == runId)
            send({{"event", "resolved"}, {"request", r.toJson()}});
    });
    connect(run, &LiveRun::ended, this, [this, run](const QString &state, const QString &detail) {
        send({{"event", "end"},
              {"run", run->runId()},
              {"state", state.toStdString()},
              {"detail", detail.toStdString()},
              {"judgement", run->judgement().toJson()}});
        m_socket->disconnectFromHost();
        // The run object is still on the stack of its own signal: drop it later.
        QTimer::singleShot(0, this, [this] {
            m_run = nullptr;
            m_runCounted = false;
            m_server.runEnded();
            if (m_closing || m_socket->state() == QAbstractSocket::UnconnectedState)
                deleteLater();
        });
    });
}

void HostSession::send(const nlohmann::json &message, Delivery delivery)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // A client that does not read must not make the host hold its stream:
    // output lines are dropped (and counted) past a soft cap; past the hard
    // cap the client is disconnected, which ends its run (fail closed).
    const auto *tls = qobject_cast<QSslSocket *>(m_socket);
    const qint64 pending = m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
    if (delivery == Delivery::Droppable && pending > kSoftWriteCap) {
        ++m_droppedLines;
        return;
    }
    if (pending > kHardWriteCap) {
        m_closing = true;
        m_socket->abort();
        return;
    }
    // Said before the next event that must arrive (the run's end, say), or
    // once the backlog has drained.
    if (m_droppedLines > 0 && (delivery == Delivery::Required || pending < kSoftWriteCap / 2)) {
        const std::string notice =
            "[warden: " + std::to_string(m_droppedLines) + " output lines were not sent: this client read too slowly]";
        m_droppedLines = 0;
        send({{"event", "output"}, {"line", notice}});
    }
    m_socket->write(
        QByteArray::fromStdString(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
}

void HostSession::refuse(const std::string &why, bool close)
{
    send({{"ok", false}, {"error", why}});
    if (close) {
        m_closing = true;
        m_socket->disconnectFromHost();
    }
}

} // namespace warden
