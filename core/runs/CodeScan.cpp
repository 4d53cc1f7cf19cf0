#include "core/runs/CodeScan.h"

#include "core/json/WireJson.h"
#include "core/sandbox/BubblewrapSandbox.h"

#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <memory>

namespace warden {

void CodeScan::start(const std::string &scannerRoot, const std::string &scannerScript, const std::string &code,
                     QObject *owner, const std::function<void(Result<std::vector<Action>>)> &done)
{
    if (scannerRoot.empty() || scannerScript.empty()) {
        done(fail("no code scanner is configured, so the code cannot be checked"));
        return;
    }
    auto *scanner = new QProcess(owner);
    SandboxSpec spec;
    spec.image = scannerRoot;
    // The script's directory is bound where the image already has a mount point.
    const auto slash = scannerScript.rfind('/');
    spec.argv = {"python3", "/opt/warden/" + scannerScript.substr(slash + 1)};
    spec.binds = {{scannerScript.substr(0, slash), "/opt/warden", false}};
    spec.memoryMb = 256;
    if (!BubblewrapSandbox::configure(scanner, spec)) {
        scanner->deleteLater();
        done(fail("the code scanner could not be prepared"));
        return;
    }
    QPointer<QObject> alive(owner);
    auto finished = std::make_shared<bool>(false);
    // Every way out goes through here once: the process is stopped and
    // dropped, and `done` hears of it if its owner still exists.
    auto settle = [alive, scanner, finished, done](Result<std::vector<Action>> outcome) {
        if (*finished)
            return;
        *finished = true;
        scanner->disconnect();
        scanner->kill();
        scanner->deleteLater();
        if (alive)
            done(std::move(outcome));
    };
    auto *timer = new QTimer(scanner);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, scanner, [settle] {
        settle(fail("the code scanner did not finish within " + std::to_string(kSeconds) + " s"));
    });
    QObject::connect(scanner, &QProcess::errorOccurred, scanner, [settle, scanner](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            settle(fail("the code scanner could not start: " + scanner->errorString().toStdString()));
    });
    QObject::connect(
        scanner, &QProcess::finished, scanner, [settle, scanner](int exitCode, QProcess::ExitStatus status) {
            if (status != QProcess::NormalExit || exitCode != 0) {
                // A scanner that crashed or could not read the code proves
                // nothing, whatever it printed before.
                settle(
                    fail("the code could not be scanned: " + scanner->readAllStandardError().left(300).toStdString()));
                return;
            }
            // Every line is an action, and all of it fits: a scanner that
            // printed anything else, or too much, is not trusted to have
            // found everything (an empty answer would let the code run).
            if (scanner->bytesAvailable() > kMaxOutput) {
                settle(fail("the code scanner printed more than " + std::to_string(kMaxOutput / 1024) + " KiB"));
                return;
            }
            std::vector<Action> found;
            int lineNumber = 0;
            for (const QByteArray &line : scanner->readAll().split('\n')) {
                ++lineNumber;
                if (line.trimmed().isEmpty())
                    continue;
                auto doc = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
                if (doc && doc->is_object())
                    (*doc)["seq"] = 1; // replaced when recorded
                auto a = doc && doc->is_object() ? Action::fromJson(*doc) : Result<Action>(fail("not a JSON object"));
                if (!a) {
                    settle(fail("the code scanner's line " + std::to_string(lineNumber) +
                                " is not an action: " + a.error().message));
                    return;
                }
                a->source = "scanner";
                found.push_back(std::move(*a));
            }
            settle(std::move(found));
        });
    timer->start(kSeconds * 1000);
    scanner->start();
    scanner->write(QByteArray::fromStdString(code));
    scanner->closeWriteChannel();
}

} // namespace warden
