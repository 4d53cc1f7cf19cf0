// libFuzzer target: one line on the control socket (and a Warden host's
// list/decide), against a queue holding one pending request.
#include "PendingApproval.h"
#include "core/approvals/ApprovalQueue.h"
#include "core/control/ControlServer.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_control";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    warden::ApprovalQueue queue;
    queue.submit(pendingApproval(), [](const warden::ApprovalRequest &) {});
    const QByteArray line(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    (void)warden::ControlServer::answer(queue, line, "local:fuzz")
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
