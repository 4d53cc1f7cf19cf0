#pragma once

#include "core/policy/Declaration.h"
#include "core/policy/PolicyEngine.h"
#include "core/trace/Action.h"
#include "support/BuildPaths.h"

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <string>

// A container engine the test command promised but that does not answer.
// packaging/test.sh starts dockerd (unix socket and TLS) and Podman and sets
// WARDEN_REQUIRE_ENGINES=1: there a missing engine fails the test, since
// QtTest counts a skip as a pass and CI would stay green with all engine
// coverage gone. A developer's plain ctest run without engines skips.
#define WARDEN_SKIP_WITHOUT_ENGINE(why)                                                                                \
    do {                                                                                                               \
        if (qEnvironmentVariableIntValue("WARDEN_REQUIRE_ENGINES") == 1)                                               \
            QFAIL(why);                                                                                                \
        QSKIP(why);                                                                                                    \
    } while (false)

namespace warden::test {

// Starts `program` as the first process of new user, mount and PID
// namespaces with their own /proc, as warden-init is in a sandbox: the
// supervisor takes its listener only from a sandbox's PID 1.
inline void startAsFirstProcess(QProcess &process, const QString &program, const QStringList &arguments)
{
    process.start(QStringLiteral("unshare"),
                  QStringList{QStringLiteral("--user"), QStringLiteral("--map-current-user"), QStringLiteral("--mount"),
                              QStringLiteral("--pid"), QStringLiteral("--fork"), QStringLiteral("--mount-proc"),
                              QStringLiteral("--kill-child"), program} +
                      arguments);
}

// QCOMPARE prints QByteArrays on failure; std::string it cannot.
inline QByteArray bytes(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

inline std::shared_ptr<const Declaration> declaration(const std::string &text)
{
    auto d = Declaration::parse(text, "test.json");
    if (!d)
        qFatal("test declaration invalid: %s", d.error().toString().c_str());
    return std::make_shared<const Declaration>(std::move(*d));
}

inline Action action(const std::string &json)
{
    auto a = Action::fromJson(nlohmann::json::parse(json));
    if (!a)
        qFatal("test action invalid: %s", a.error().toString().c_str());
    return std::move(*a);
}

// Writes `bytes` to `path`, or stops the test run.
inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// A one-tool agent for custom runs, and what it runs: it asks for its
// declared tool, then for one it never declared (one allow, one deny).
inline const QByteArray kGreeterDeclaration =
    "{\"warden\": 1, \"agent\": \"greeter\", \"purpose\": \"says hello\",\n"
    " \"tools\": {\"greet\": {\"params\": {\"name\": {\"type\": \"string\"}}}}}\n";
inline QStringList greeterCommand()
{
    return {QStringLiteral("python3"), QStringLiteral("-c"),
            QStringLiteral(
                "import sys; sys.path.insert(0, '/opt/warden'); import warden_agent as w; g = w.Gateway(); "
                "print(g.call('greet', {'name': 'Ada'}).allowed); print(g.call('shell', {'cmd': 'id'}).allowed)")};
}

// A declaration whose mistake (the field "approvall") is on line 4.
inline const QByteArray kDeclarationWithAMistake =
    "{\"warden\": 1,\n \"agent\": \"x\",\n \"purpose\": \"p\",\n \"tools\": {\"t\": {\"approvall\": true}}}\n";

} // namespace warden::test
