// libFuzzer target: what a supervised process hands the syscall supervisor
// (pointers, lengths, sockaddrs, message headers, DNS payloads, argv arrays)
// is whatever it wants. The input picks a supervised call and its six
// arguments; an argument either points into the input itself (so the
// decoder parses the fuzzer's bytes as addresses, headers and strings) or is
// a raw value (so it chases arbitrary pointers through /proc/self/mem, as
// it would a hostile process's). Every path an argument names is walked
// by SandboxPath inside this process's root (links, "..", /proc/self/fd);
// the input itself is walked as one path too. Nothing may crash, hang or
// read out of bounds.
#include "core/supervise/DnsQuestion.h"
#include "core/supervise/SandboxPath.h"
#include "core/supervise/SupervisedCalls.h"
#include "core/supervise/SyscallNotice.h"
#include "core/supervise/TraceeMemory.h"

#include <linux/seccomp.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace warden;
    (void)DnsQuestion::nameIn(std::vector<std::uint8_t>(data, data + size));
    {
        const std::size_t length = ::strnlen(reinterpret_cast<const char *>(data), std::min<std::size_t>(size, 4096));
        SandboxPath paths(::getpid());
        (void)paths.resolve(std::string(reinterpret_cast<const char *>(data), length), size % 2 == 0,
                            "/proc/thread-self/cwd");
    }
    constexpr std::size_t kHeader = 2 + 6 * 8;
    if (size < kHeader)
        return 0;
    // The buffer the arguments may point into, kept alive for the decode.
    const std::vector<std::uint8_t> buffer(data + kHeader, data + size);
    seccomp_notif n{};
    n.id = 1;
    n.pid = static_cast<__u32>(::getpid());
    n.data.nr = static_cast<int>(supervised::kCalls[data[0] % supervised::kCalls.size()].nr);
    const std::uint8_t relative = data[1]; // bit i: argument i points into the buffer
    for (int i = 0; i < 6; ++i) {
        std::uint64_t raw = 0;
        std::memcpy(&raw, data + 2 + i * 8, sizeof(raw));
        if ((relative >> i) & 1)
            raw = buffer.empty() ? 0 : reinterpret_cast<std::uintptr_t>(buffer.data()) + raw % buffer.size();
        n.data.args[i] = raw;
    }
    TraceeMemory memory(::getpid());
    const SyscallNotice notice = SyscallNotice::decode(n, memory);
    (void)notice.staysInside();
    const Action action = notice.toAction();
    auto back = Action::fromJson(nlohmann::json::parse(
        action.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), nullptr, false));
    (void)back;
    return 0;
}
