// libFuzzer target: Docker's multiplexed attach stream as an engine might
// send it, in arbitrary splits: headers, sizes and payloads are hostile.
#include "core/sandbox/DockerStreamDemuxer.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::size_t lines = 0;
    warden::DockerStreamDemuxer demux([&](int, std::string_view line) { lines += line.size() > 0 ? 1 : 0; });
    std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const std::size_t step = size > 0 ? 1 + data[size - 1] % 37 : 1;
    for (std::size_t at = 0; at < bytes.size(); at += step)
        if (!demux.feed(bytes.substr(at, step)))
            break;
    demux.finish();
    return 0;
}
