#pragma once

#include "core/sandbox/SandboxSpec.h"

#include <nlohmann/json.hpp>

#include <QObject>

namespace warden {

// One sandbox of one run, on some backend. start() returns at once; the
// backend reports with signals on the object's thread. A sandbox is fresh for
// its run and destroyed when it ends, whichever way it ends.
class Sandbox : public QObject {
    Q_OBJECT
public:
    enum class End { Finished, Failed, Killed };

    using QObject::QObject;
    ~Sandbox() override = default;

    virtual void start(const SandboxSpec &spec) = 0;
    virtual void kill(const QString &why) = 0;
    // "bubblewrap (namespaces)", "docker 20.10 (container)", ...
    virtual QString description() const = 0;
    // What the hardening check found on the launched sandbox; empty until started.
    virtual nlohmann::json hardening() const = 0;
    // The run's limit that ended it ("memory", "wall clock"), or empty.
    QString limitHit() const { return m_limitHit; }

Q_SIGNALS:
    void started();
    void outputLine(const QString &line);
    void ended(warden::Sandbox::End how, int exitCode, const QString &detail);

protected:
    QString m_limitHit;
};

} // namespace warden
