// What a run may mount from the host: system locations never, a named data
// directory only from an allowed root and never through a symlink.
#include "core/sandbox/BindPolicy.h"
#include "support/TestSupport.h"

using namespace warden;

class TestBindPolicy : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    QTemporaryDir m_outside;

    std::string in(const char *relative) const { return m_root.filePath(QLatin1String(relative)).toStdString(); }

    static QByteArray why(const Result<void> &r)
    {
        return r ? QByteArray() : QByteArray::fromStdString(r.error().toString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid() && m_outside.isValid());
        qputenv("WARDEN_DATA_ROOTS", QDir(m_root.path()).canonicalPath().toUtf8());
        QVERIFY(QDir().mkpath(m_root.filePath(QStringLiteral("project/data"))));
        QVERIFY(QDir().mkpath(m_root.filePath(QStringLiteral("project/.ssh"))));
        QVERIFY(QFile::link(m_root.filePath(QStringLiteral("project/data")), m_root.filePath(QStringLiteral("link"))));
        QVERIFY(QFile::link(m_outside.path(), m_root.filePath(QStringLiteral("out"))));
        QFile f(m_root.filePath(QStringLiteral("file.csv")));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }

    void aDirectoryInsideAnAllowedRootPasses()
    {
        const std::string canonical =
            QDir(m_root.filePath(QStringLiteral("project/data"))).canonicalPath().toStdString();
        QVERIFY2(BindPolicy::checkDataDirectory(canonical).has_value(), why(BindPolicy::checkDataDirectory(canonical)));
    }

    void everythingElseIsRefusedWithItsReason_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("reason");
        const QString root = QDir(m_root.path()).canonicalPath();
        QTest::newRow("a symlink") << root + QStringLiteral("/link") << QByteArray("symbolic link");
        QTest::newRow("a symlink out") << root + QStringLiteral("/out") << QByteArray("symbolic link");
        QTest::newRow("hidden") << root + QStringLiteral("/project/.ssh") << QByteArray("hidden component");
        QTest::newRow("the root itself") << root << QByteArray("not inside an allowed root");
        QTest::newRow("outside") << QDir(m_outside.path()).canonicalPath() << QByteArray("not inside an allowed root");
        QTest::newRow("etc") << QStringLiteral("/etc") << QByteArray("not inside an allowed root");
        QTest::newRow("missing") << root + QStringLiteral("/nope") << QByteArray("does not exist");
        QTest::newRow("a file") << root + QStringLiteral("/file.csv") << QByteArray("not a directory");
        QTest::newRow("relative") << QStringLiteral("project/data") << QByteArray("absolute path");
        QTest::newRow("dot-dot") << root + QStringLiteral("/project/data/../../..") << QByteArray("not inside");
    }

    void everythingElseIsRefusedWithItsReason()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, reason);
        auto r = BindPolicy::checkDataDirectory(path.toStdString());
        QVERIFY(!r.has_value());
        QVERIFY2(why(r).contains(reason), why(r).constData());
    }

    void systemLocationsAreNeverMounted()
    {
        for (const char *path : {"/", "/etc", "/proc/self", "/var/lib", "/usr"}) {
            SandboxSpec spec;
            spec.binds = {{path, "/data", false}};
            QVERIFY2(!BindPolicy::checkBinds(spec).has_value(), path);
        }
        SandboxSpec spec;
        spec.binds = {{in("project/data"), "/data", false}};
        QVERIFY(BindPolicy::checkBinds(spec).has_value());
    }

    // An MCP server's data directory was the warden's home on 5585575 (its
    // TLS key, ~/.ssh), or its runtime directory (the control socket). No
    // bind of any sandbox may be, hold or (but for the home) sit inside the
    // warden's own places.
    void theWardensOwnPlacesAreNeverMounted()
    {
        QTemporaryDir home;
        QTemporaryDir runtime;
        QVERIFY(home.isValid() && runtime.isValid());
        const QString h = QDir(home.path()).canonicalPath();
        for (const char *dir : {"project", ".config/warden/hosts", ".local/share/warden/runs", ".ssh"})
            QVERIFY(QDir().mkpath(h + QLatin1Char('/') + QLatin1String(dir)));
        QVERIFY(QDir().mkpath(runtime.filePath(QStringLiteral("warden"))));
        qputenv("HOME", h.toUtf8());
        qputenv("XDG_DATA_HOME", (h + QStringLiteral("/.local/share")).toUtf8());
        qputenv("XDG_RUNTIME_DIR", runtime.path().toUtf8());
        const auto check = [](const QString &path) {
            SandboxSpec spec;
            spec.binds = {{path.toStdString(), "/data", true}};
            return BindPolicy::checkBinds(spec);
        };
        for (const QString &refused : QStringList{
                 h, QFileInfo(h).path(), h + QStringLiteral("/.config"), h + QStringLiteral("/.config/warden/hosts"),
                 h + QStringLiteral("/.local/share/warden"), h + QStringLiteral("/.local/share/warden/runs"),
                 runtime.path(), runtime.filePath(QStringLiteral("warden"))}) {
            const auto r = check(refused);
            QVERIFY2(!r.has_value(), qPrintable(refused));
            QVERIFY2(why(r).contains("the warden's"), why(r).constData());
        }
        QVERIFY2(check(h + QStringLiteral("/project")).has_value(),
                 why(check(h + QStringLiteral("/project"))).constData());
    }
};

QTEST_GUILESS_MAIN(TestBindPolicy)
#include "tst_bindpolicy.moc"
