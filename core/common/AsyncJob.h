#pragma once

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

namespace warden {

// Runs `work` on the thread pool and hands its result to `done` on the
// context's thread, if the context still exists by then. This is how every
// view loads from the store: the GUI thread never waits on I/O.
template <typename Work, typename Done>
void runAsync(QObject *context, Work work, Done done)
{
    using R = std::invoke_result_t<Work>;
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = std::make_shared<R>(work());
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, result, done = std::move(done)]() mutable {
                if (guard)
                    done(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

} // namespace warden
