// `warden --help` and `--version` answer without a display, and the help
// names every flag the console reads.
#include "support/TestSupport.h"
#include "ui/ConsoleOptions.h"

#include <QProcess>
#include <QProcessEnvironment>

using namespace warden;

class TestConsoleOptions : public QObject {
    Q_OBJECT

    // The console run as on a server or over ssh: no display of any kind.
    static QByteArray runWithoutDisplay(const QStringList &args, int &exitCode)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QString::fromStdString(test::binaryDir() + "/app/warden"), args);
        if (!p.waitForFinished(30000))
            return {};
        exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return p.readAllStandardOutput() + p.readAllStandardError();
    }

private Q_SLOTS:
    void helpNamesEveryFlagWithoutADisplay()
    {
        int rc = -2;
        const QByteArray help = runWithoutDisplay({QStringLiteral("--help")}, rc);
        QVERIFY2(rc == 0, help.constData());
        ui::ConsoleOptions options;
        const QList<QCommandLineOption> all = options.all();
        QVERIFY(all.size() >= 10);
        for (const QCommandLineOption &o : all)
            for (const QString &name : o.names())
                QVERIFY2(help.contains(QByteArray(QByteArray("--") + name.toLatin1())), qPrintable(name));
    }

    void versionWithoutADisplay()
    {
        int rc = -2;
        const QByteArray out = runWithoutDisplay({QStringLiteral("--version")}, rc);
        QCOMPARE(rc, 0);
        QCOMPARE(out.trimmed(), QByteArray("warden " WARDEN_VERSION));
    }

    void helpInTheLanguageAskedFor()
    {
        int rc = -2;
        const QByteArray out =
            runWithoutDisplay({QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("-h")}, rc);
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains("Sicherheitskonsole"), out.constData());
    }

    void aWrongFlagIsNamed()
    {
        int rc = -2;
        const QByteArray out = runWithoutDisplay({QStringLiteral("--no-such-flag"), QStringLiteral("--help")}, rc);
        QCOMPARE(rc, 1);
        QVERIFY2(out.contains("no-such-flag"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestConsoleOptions)
#include "tst_consoleoptions.moc"
