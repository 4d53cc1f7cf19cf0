#include "ui/ConsoleSelfTest.h"

#include "ui/MainWindow.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>

#include <cstdio>

namespace warden::ui {

int ConsoleSelfTest::run()
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    MainWindow window(dir.filePath(QStringLiteral("self-test.db")));
    bool shown = false;
    QString error;
    QObject::connect(&window, &MainWindow::runShown, &window, [&] { shown = true; });
    QObject::connect(&window, &MainWindow::failed, &window, [&](const QString &m) { error = m; });
    window.show();
    window.recordExample(QStringLiteral("code-bot"));
    QDeadlineTimer deadline(30000);
    while (!shown && error.isEmpty() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const bool ok = shown && window.actionModel()->rowCount() == 10 &&
                    window.banner()->text().startsWith(QLatin1String("MALICIOUS"));
    std::printf("warden self-test: %s%s%s\n", ok ? "ok" : "FAILED", error.isEmpty() ? "" : ": ", qPrintable(error));
    return ok ? 0 : 1;
}

} // namespace warden::ui
