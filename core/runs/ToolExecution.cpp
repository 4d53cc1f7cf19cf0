#include "core/runs/ToolExecution.h"

#include <QPointer>
#include <QProcess>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace warden {

std::vector<std::string> ToolExecution::argvFor(const ToolExecutor &executor, const nlohmann::json &params)
{
    std::vector<std::string> argv;
    for (const auto &part : executor.argv) {
        if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
            const std::string name = part.substr(1, part.size() - 2);
            const auto &value = params.contains(name) ? params.at(name) : nlohmann::json();
            argv.push_back(value.is_string() ? value.get<std::string>()
                                             : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        } else {
            argv.push_back(part);
        }
    }
    return argv;
}

void ToolExecution::start(const ToolExecutor &executor, const nlohmann::json &params,
                          BuiltinExecutor::Addresses addresses, QObject *owner,
                          const std::function<void(Result<nlohmann::json>)> &done)
{
    QPointer<QObject> alive(owner);
    if (executor.kind != ToolExecutor::Kind::Argv) {
        // Built-ins do blocking I/O: on the thread pool, answered back on the owner's thread.
        QThreadPool::globalInstance()->start([alive, executor, params, addresses, done] {
            auto result = BuiltinExecutor::run(executor, params, addresses);
            QMetaObject::invokeMethod(
                alive.data(),
                [alive, result, done] {
                    if (alive)
                        done(result);
                },
                Qt::QueuedConnection);
        });
        return;
    }
    const std::vector<std::string> argv = argvFor(executor, params);
    if (argv.empty()) {
        done(fail("the executor has no command"));
        return;
    }
    QStringList args;
    for (std::size_t i = 1; i < argv.size(); ++i)
        args << QString::fromStdString(argv[i]);
    auto *process = new QProcess(owner);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, &QProcess::kill);
    QObject::connect(process, &QProcess::finished, process, [alive, process, done](int code, QProcess::ExitStatus st) {
        process->deleteLater();
        if (!alive)
            return;
        done(nlohmann::json{{"exit_code", st == QProcess::NormalExit ? code : -1},
                            {"stdout", process->readAllStandardOutput().left(64 * 1024).toStdString()},
                            {"stderr", process->readAllStandardError().left(8 * 1024).toStdString()}});
    });
    QObject::connect(process, &QProcess::errorOccurred, process, [alive, process, done](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        process->deleteLater();
        if (alive)
            done(fail("the executor could not start: " + process->errorString().toStdString()));
    });
    process->start(QString::fromStdString(argv.front()), args);
    timer->start(executor.timeoutSeconds * 1000);
}

} // namespace warden
