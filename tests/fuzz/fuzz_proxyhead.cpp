// libFuzzer target: the egress proxy's request head parser, fed the bytes
// as one buffer and as they might arrive, a prefix at a time.
#include "core/egress/HttpRequestHead.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray all(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    (void)warden::HttpRequestHead::parse(all);
    const qsizetype step = size > 0 ? 1 + data[0] % 64 : 1;
    for (qsizetype n = 0; n < all.size(); n += step)
        if (auto head = warden::HttpRequestHead::parse(all.left(n)); !head || *head)
            break;
    return 0;
}
