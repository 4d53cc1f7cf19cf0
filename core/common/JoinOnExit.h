#pragma once

#include <future>

namespace warden {

// Waits for a future when its scope ends, whichever way it ends: work in
// flight on another thread (a block being parsed or decided) never outlives
// the data it reads.
class JoinOnExit {
public:
    explicit JoinOnExit(std::future<void> &future) : m_future(future) {}
    ~JoinOnExit()
    {
        if (m_future.valid())
            m_future.wait();
    }
    JoinOnExit(const JoinOnExit &) = delete;
    JoinOnExit &operator=(const JoinOnExit &) = delete;

private:
    std::future<void> &m_future;
};

} // namespace warden
