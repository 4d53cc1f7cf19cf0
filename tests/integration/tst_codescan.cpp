// The code scanner fails closed, in its real bubblewrap sandbox: a scanner
// that is missing, crashes, prints something that is not an action, or
// prints too much is an error (and the code it was asked about does not
// run); only a clean answer is a list of findings, possibly empty.
#include "core/runs/CodeScan.h"
#include "support/LiveRunHarness.h"

#include <QtTest>

using namespace warden;

class TestCodeScan : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_image;

    // Runs `script` (a Python scanner written for the test) over `code`.
    Result<std::vector<Action>> scan(const QByteArray &script, const std::string &code = "print(1)\n")
    {
        const QString path = m_dir.filePath(QStringLiteral("scanner-%1.py").arg(++m_count));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(script) != script.size())
            return fail("cannot write the test scanner");
        f.close();
        // The scanner runs as the sandbox's user, not as this test's.
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                        QFileDevice::ReadOther);
        return scanPath(path.toStdString(), code);
    }
    Result<std::vector<Action>> scanPath(const std::string &path, const std::string &code)
    {
        std::optional<Result<std::vector<Action>>> outcome;
        QObject owner;
        CodeScan::start(m_image, path, code, &owner, [&](Result<std::vector<Action>> r) { outcome = std::move(r); });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000))
            return fail("the scan never finished");
        return *outcome;
    }
    int m_count = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ReadOther | QFileDevice::ExeOther);
        auto image = test::sandboxImage();
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        m_image = *image;
    }

    void theRealScannerFindsWhatTheCodeWouldDo()
    {
        auto found = scanPath(*ResourcePaths::root() + "/scanner/scan_code.py",
                              "import os\nkey = os.getenv('OPENAI_API_KEY')\n");
        QVERIFY2(found.has_value(), found ? "" : found.error().message.c_str());
        QCOMPARE(found->size(), std::size_t(1));
        QCOMPARE(found->front().kind, ActionKind::SecretRead);
        QCOMPARE(found->front().source, std::string("scanner"));
        // Nothing to report is an empty answer, not an error.
        auto none = scanPath(*ResourcePaths::root() + "/scanner/scan_code.py", "x = 1 + 1\n");
        QVERIFY2(none.has_value() && none->empty(), none ? "" : none.error().message.c_str());
    }

    void everyOtherAnswerIsAnError_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("crashes") << QByteArray("import sys\nsys.stderr.write('scanner broke')\nsys.exit(3)\n")
                                 << QByteArray("could not be scanned: scanner broke");
        QTest::newRow("garbage") << QByteArray(
                                        "print('{\"kind\": \"process\", \"argv\": [\"sh\"]}')\nprint('all clear')\n")
                                 << QByteArray("line 2 is not an action");
        QTest::newRow("unknown kind") << QByteArray("print('{\"kind\": \"teleport\"}')\n")
                                      << QByteArray("line 1 is not an action");
        QTest::newRow("too much") << QByteArray("import sys\nsys.stdout.write('{\"kind\": \"secret_read\", "
                                                "\"name\": \"K\"}\\n' * 40000)\n")
                                  << QByteArray("more than 1024 KiB");
    }
    void everyOtherAnswerIsAnError()
    {
        QFETCH(QByteArray, script);
        QFETCH(QByteArray, says);
        auto found = scan(script);
        QVERIFY(!found.has_value());
        QVERIFY2(QByteArray::fromStdString(found.error().message).contains(says), found.error().message.c_str());
    }

    void aMissingScannerIsAnError()
    {
        QVERIFY(!scanPath(m_dir.filePath(QStringLiteral("nowhere/scan.py")).toStdString(), "x = 1\n").has_value());
        QVERIFY(!scanPath("", "x = 1\n").has_value());
    }
};

QTEST_GUILESS_MAIN(TestCodeScan)
#include "tst_codescan.moc"
