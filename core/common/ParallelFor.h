#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace warden {

// Calls fn(from, to) over [0, count) split into one slice per core (at most
// eight), the calling thread taking the first. For CPU-bound work on data
// that is already in memory, such as parsing a block of stored records.
template <typename Fn>
void parallelFor(std::size_t count, Fn fn)
{
    const std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    const std::size_t per = (count + workers - 1) / workers;
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers && w * per < count; ++w)
        threads.emplace_back(fn, w * per, std::min(count, (w + 1) * per));
    fn(std::size_t(0), std::min(count, per));
    for (auto &t : threads)
        t.join();
}

} // namespace warden
