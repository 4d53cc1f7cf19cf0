// What reviewers read on a terminal: an agent's text cannot drive it.
#include "cli/TerminalText.h"
#include "support/TestSupport.h"

using namespace warden;

class TestTerminalText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapesEveryControl_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        // An agent's justification that clears the screen and writes a fake verdict.
        QTest::newRow("ESC sequences") << QByteArray("ok\x1b[2J\x1b[1;1Happroved")
                                       << QByteArray("ok\\x1b[2J\\x1b[1;1Happroved");
        QTest::newRow("C1 CSI") << QByteArray("a\xc2\x9b"
                                              "2Jb")
                                << QByteArray("a\\u{9b}2Jb");
        QTest::newRow("newline, tab, CR, BEL, DEL")
            << QByteArray("a\nb\tc\rd\x07\x7f") << QByteArray("a\\nb\\tc\\rd\\x07\\x7f");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
        QTest::newRow("invalid UTF-8") << QByteArray("\xff\xc0\x80\xed\xa0\x80")
                                       << QByteArray("\\xff\\xc0\\x80\\xed\\xa0\\x80");
        QTest::newRow("truncated") << QByteArray("x\xe2\x82") << QByteArray("x\\xe2\\x82");
        QTest::newRow("ordinary text stays")
            << QByteArray("Grüße, 日本, €, 🙂 kubectl get pods") << QByteArray("Grüße, 日本, €, 🙂 kubectl get pods");
    }

    void escapesEveryControl()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        QCOMPARE(test::bytes(TerminalText::printable(in.toStdString())), out);
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
