// Directories Warden writes into are made by the code that writes them,
// owner-only, on a machine where none exists yet.
#include "core/common/PrivateDirectory.h"
#include "core/store/AuditStore.h"
#include "support/TestSupport.h"

#include <sys/stat.h>

using namespace warden;

namespace {

unsigned modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(path.toLocal8Bit().constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

} // namespace

class TestPrivateDirectory : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void makesEveryMissingParentOwnerOnly()
    {
        const QString deep = m_dir.filePath(QStringLiteral("a/b/c"));
        auto made = PrivateDirectory::make(deep.toStdString());
        QVERIFY2(made.has_value(), made ? "" : made.error().toString().c_str());
        for (const char *part : {"a", "a/b", "a/b/c"})
            QCOMPARE(modeOf(m_dir.filePath(QString::fromLatin1(part))), 0700u);
        QVERIFY(PrivateDirectory::make(deep.toStdString()).has_value()); // again: nothing to do
    }

    void keepsTheModeOfADirectoryThatExists()
    {
        const QString shared = m_dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(shared));
        QVERIFY(::chmod(shared.toLocal8Bit().constData(), 0755) == 0);
        QVERIFY(PrivateDirectory::make(QString(shared + QStringLiteral("/mine")).toStdString()).has_value());
        QCOMPARE(modeOf(shared), 0755u);
        QCOMPARE(modeOf(shared + QStringLiteral("/mine")), 0700u);
    }

    void namesTheFileInTheWay()
    {
        const QString file = m_dir.filePath(QStringLiteral("plain"));
        test::writeFile(file, "x");
        auto made = PrivateDirectory::make(QString(file + QStringLiteral("/below")).toStdString());
        QVERIFY(!made);
        QCOMPARE(test::bytes(made.error().file), file.toLocal8Bit());
    }

    // The default store lives in ~/.local/share/warden, which a fresh home lacks.
    void theStoreMakesItsOwnDirectory()
    {
        const QString db = m_dir.filePath(QStringLiteral("home/.local/share/warden/warden.db"));
        auto store = AuditStore::open(db.toStdString());
        QVERIFY2(store.has_value(), store ? "" : store.error().toString().c_str());
        QCOMPARE(modeOf(m_dir.filePath(QStringLiteral("home/.local/share/warden"))), 0700u);
    }
};

QTEST_GUILESS_MAIN(TestPrivateDirectory)
#include "tst_privatedirectory.moc"
