// Where the sandbox image is found and built, as on a fresh machine: no
// cache directory yet, no parents of the image directory.
#include "core/common/ResourcePaths.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>

using namespace warden;

class TestResourcePaths : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_resources;

    // A stand-in recipe: the real build-image.sh needs minutes and a mirror.
    // It records the OUT it was given and makes OUT/rootfs as the real one does.
    void writeRecipe()
    {
        m_resources = m_dir.filePath(QStringLiteral("resources"));
        QVERIFY(QDir().mkpath(m_resources + QStringLiteral("/agent")));
        QVERIFY(QDir().mkpath(m_resources + QStringLiteral("/image")));
        test::writeFile(m_resources + QStringLiteral("/agent/warden_agent.py"), "");
        test::writeFile(m_resources + QStringLiteral("/image/build-image.sh"),
                        "set -e\nprintf '%s' \"$1\" > \"$(dirname \"$0\")/out-given\"\n"
                        "mkdir -p \"$1/rootfs/usr/bin\" && touch \"$1/rootfs/usr/bin/python3\"\n");
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        writeRecipe();
        QFile::remove(m_resources + QStringLiteral("/image/out-given"));
        qputenv("WARDEN_RESOURCES", m_resources.toLocal8Bit());
    }

    void cleanup()
    {
        qunsetenv("WARDEN_RESOURCES");
        qunsetenv("WARDEN_IMAGE_DIR");
    }

    // The first demo on a fresh machine: the image directory's parents do not
    // exist. The recipe must be given the parent by name, and the image must
    // be found where it was built (it used to land in rootfs/rootfs).
    void buildsTheImageWhereNoParentExistsYet()
    {
        const QString image = m_dir.filePath(QStringLiteral("cache/warden/image/rootfs"));
        qputenv("WARDEN_IMAGE_DIR", image.toLocal8Bit());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("cache"))));
        QVERIFY(!ResourcePaths::imageRoot());

        auto built = ResourcePaths::buildImage();
        QVERIFY2(built.has_value(), built ? "" : built.error().toString().c_str());
        QCOMPARE(QString::fromStdString(*built), image);
        QFile given(m_resources + QStringLiteral("/image/out-given"));
        QVERIFY(given.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(given.readAll()), m_dir.filePath(QStringLiteral("cache/warden/image")));
        QVERIFY(ResourcePaths::imageRoot().has_value());
    }

    void refusesAnImageDirectoryTheRecipeCannotMake()
    {
        qputenv("WARDEN_IMAGE_DIR", m_dir.filePath(QStringLiteral("images/mine")).toLocal8Bit());
        auto built = ResourcePaths::buildImage();
        QVERIFY(!built);
        QCOMPARE(test::bytes(built.error().field), QByteArray("WARDEN_IMAGE_DIR"));
        QVERIFY(!QFileInfo::exists(m_resources + QStringLiteral("/image/out-given")));
    }

    // The message points at a recipe that exists, not at a command that doesn't.
    void aMissingImageNamesTheRecipe()
    {
        qputenv("WARDEN_IMAGE_DIR", m_dir.filePath(QStringLiteral("none/rootfs")).toLocal8Bit());
        auto root = ResourcePaths::imageRoot();
        QVERIFY(!root);
        const QString message = QString::fromStdString(root.error().message);
        QVERIFY2(message.contains(QDir(m_resources).canonicalPath() + QStringLiteral("/image/build-image.sh")),
                 qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("wardenctl image")));
    }
};

QTEST_GUILESS_MAIN(TestResourcePaths)
#include "tst_resourcepaths.moc"
