// A workspace handed to a run's sandbox user and back: everything in it
// changes hands, nothing it links to does (a symbolic link to the host's
// /etc, a hard link to a file outside), and the owner gets it all back.
#include "core/runs/HandedDirectory.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace warden;

namespace {

uid_t ownerOf(const QString &path)
{
    struct stat st {};
    return ::lstat(path.toLocal8Bit().constData(), &st) == 0 ? st.st_uid : static_cast<uid_t>(-1);
}

} // namespace

class TestHandedDirectory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aWorkspaceChangesHandsAndComesBack()
    {
        if (::getuid() != 0)
            QSKIP("only a root warden hands directories over");
        QTemporaryDir outside;
        QTemporaryDir dir;
        QVERIFY(outside.isValid() && dir.isValid());
        const QString w = dir.path();
        QVERIFY(QDir(w).mkpath(QStringLiteral("src/deep")));
        QFile(w + QStringLiteral("/src/deep/a.py")).open(QIODevice::WriteOnly);
        QVERIFY(QFile::link(QStringLiteral("/etc"), w + QStringLiteral("/etc-link")));
        const QString kept = outside.filePath(QStringLiteral("kept"));
        QFile(kept).open(QIODevice::WriteOnly);
        QCOMPARE(::link(kept.toLocal8Bit().constData(), (w + QStringLiteral("/hardlink")).toLocal8Bit().constData()),
                 0);
        // Another person's file in the workspace gets its own owner back.
        const QString theirs = w + QStringLiteral("/src/theirs.txt");
        QFile(theirs).open(QIODevice::WriteOnly);
        QCOMPARE(::chown(theirs.toLocal8Bit().constData(), 1234, 1234), 0);
        const uid_t run = 2'000'123;
        const uid_t owner = 4321; // the workspace's owner, not root: a redirected change would show
        QCOMPARE(::chown(w.toLocal8Bit().constData(), owner, owner), 0);
        {
            HandedDirectory handed;
            QVERIFY(handed.hand(w.toStdString(), run, run).has_value());
            QCOMPARE(ownerOf(w), run);
            QCOMPARE(ownerOf(w + QStringLiteral("/src/deep/a.py")), run);
            QCOMPARE(ownerOf(w + QStringLiteral("/etc-link")), run); // the link itself
            QCOMPARE(ownerOf(QStringLiteral("/etc")), uid_t(0));     // never what it points to
            QCOMPARE(ownerOf(kept), uid_t(0));                       // nor a file with another name
            // What the agent makes is taken back too.
            QFile made(w + QStringLiteral("/src/made.txt"));
            QVERIFY(made.open(QIODevice::WriteOnly));
            made.close();
            QCOMPARE(::chown(made.fileName().toLocal8Bit().constData(), run, run), 0);
            // A second name for it (which an agent makes to keep a file its own).
            QCOMPARE(::link(made.fileName().toLocal8Bit().constData(),
                            (w + QStringLiteral("/src/made-too.txt")).toLocal8Bit().constData()),
                     0);
            // And the directory swapped for a link to the host's /etc while handed.
            QVERIFY(QDir(w).rename(QStringLiteral("src/deep"), QStringLiteral("src/moved")));
            QVERIFY(QFile::link(outside.path(), w + QStringLiteral("/src/deep")));
            QCOMPARE(handed.takeBack(), 0);
        }
        // Each entry its own owner again; what the run made, the directory owner's.
        QCOMPARE(ownerOf(theirs), uid_t(1234));
        QCOMPARE(ownerOf(w), owner);
        QCOMPARE(ownerOf(w + QStringLiteral("/src/made.txt")), owner);
        QCOMPARE(ownerOf(w + QStringLiteral("/src/made-too.txt")), owner);
        QCOMPARE(ownerOf(w + QStringLiteral("/src/moved/a.py")), uid_t(0));
        QCOMPARE(ownerOf(w + QStringLiteral("/etc-link")), uid_t(0));
        // Nothing the swapped-in link led to changed hands.
        QCOMPARE(ownerOf(kept), uid_t(0));
        QCOMPARE(ownerOf(outside.path()), uid_t(0));
        // A symbolic link is not a workspace.
        HandedDirectory refused;
        QVERIFY(!refused.hand(QString(w + QStringLiteral("/etc-link")).toStdString(), run, run).has_value());
    }
};

QTEST_GUILESS_MAIN(TestHandedDirectory)
#include "tst_handeddirectory.moc"
