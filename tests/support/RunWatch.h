#pragma once

#include "core/runs/RunSupervisor.h"

#include <QObject>
#include <QString>

namespace warden::test {

// A live run the console started, followed from its start to its end: the
// run's id once it starts, its end state ("finished", "failed") once it ends.
struct RunWatch {
    QString runId;
    QString endState;

    // Follows the next run `supervisor` starts; `context` ends the following.
    void follow(RunSupervisor &supervisor, QObject *context)
    {
        QObject::connect(&supervisor, &RunSupervisor::runStarted, context, [this](const QString &id) { runId = id; });
        QObject::connect(&supervisor, &RunSupervisor::runEnded, context,
                         [this](const QString &, const QString &state) { endState = state; });
    }
};

} // namespace warden::test
