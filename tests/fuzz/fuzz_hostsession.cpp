// libFuzzer target: what a client sends a Warden host, through a real
// HostSession on one end of a socket pair: framing, hello and credentials,
// the control ops, and run requests up to (not including) a sandbox, which a
// host with no run slots never starts.
#include "PendingApproval.h"
#include "core/approvals/ApprovalQueue.h"
#include "core/hostd/HostServer.h"
#include "core/hostd/HostSession.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QTcpSocket>

#include <cstddef>
#include <cstdint>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct Host {
    warden::RunSupervisor supervisor;
    std::unique_ptr<warden::HostServer> server;

    Host()
    {
        const std::string path =
            QDir::tempPath().toStdString() + "/fuzz-hostsession-" + std::to_string(::getpid()) + ".db";
        warden::RunSupervisor::Opening opening;
        opening.store = std::move(*warden::AuditStore::open(path));
        supervisor.adopt(std::move(opening), false);
        warden::HostServer::Settings settings;
        settings.credentials = warden::HostCredentials::sharedToken("fuzz-token-0123456789");
        settings.maxRuns = 0; // parse every run request, start none
        server = std::make_unique<warden::HostServer>(settings, supervisor);
        supervisor.approvals().submit(pendingApproval(), [](const warden::ApprovalRequest &) {});
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_hostsession";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    // Never destroyed: at exit OpenSSL may already be cleaned up, and a
    // destructor that still recorded something would hash with it. Each
    // input ends with the store idle (below), so nothing is in flight then.
    static Host &host = *new Host;
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return 0;
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(fds[0])) {
        delete socket;
        ::close(fds[0]);
        ::close(fds[1]);
        return 0;
    }
    // The session deletes itself when the client hangs up.
    QPointer<warden::HostSession> session =
        new warden::HostSession(*host.server, socket, warden::HostAdmission::Ticket::Slot);
    std::size_t sent = 0;
    while (sent < size) {
        const ssize_t n = ::write(fds[1], data + sent, size - sent);
        if (n <= 0)
            break;
        sent += static_cast<std::size_t>(n);
        QCoreApplication::processEvents();
    }
    ::shutdown(fds[1], SHUT_WR);
    for (int i = 0; i < 8; ++i)
        QCoreApplication::processEvents();
    delete session.data();
    ::close(fds[1]);
    QCoreApplication::processEvents();
    (void)host.supervisor.store()->appendAndWait({}); // whatever this input had recorded is committed
    return 0;
}
