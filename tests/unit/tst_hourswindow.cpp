#include "core/common/Timestamp.h"
#include "core/policy/HoursWindow.h"
#include "support/TestSupport.h"

using namespace warden;

class TestHoursWindow : public QObject {
    Q_OBJECT
    static std::int64_t at(const char *rfc3339) { return *Timestamp::parse(rfc3339); }

private Q_SLOTS:
    void utcWindow()
    {
        auto w = HoursWindow::parse("08:00-18:00", "");
        QVERIFY(w.has_value());
        QVERIFY(w->contains(at("2026-11-24T08:00:00Z")));
        QVERIFY(w->contains(at("2026-11-24T17:59:59Z")));
        QVERIFY(!w->contains(at("2026-11-24T18:00:00Z")));
        QVERIFY(!w->contains(at("2026-11-24T07:59:59Z")));
    }

    void wrapsMidnight()
    {
        auto w = HoursWindow::parse("22:00-06:00", "UTC");
        QVERIFY(w.has_value());
        QVERIFY(w->contains(at("2026-11-24T23:30:00Z")));
        QVERIFY(w->contains(at("2026-11-24T05:59:00Z")));
        QVERIFY(!w->contains(at("2026-11-24T12:00:00Z")));
    }

    void followsTimeZoneAndDaylightSaving()
    {
        auto w = HoursWindow::parse("08:00-18:00", "Europe/Berlin");
        QVERIFY(w.has_value());
        // Winter: UTC+1. 07:30Z is 08:30 in Berlin.
        QVERIFY(w->contains(at("2026-11-24T07:30:00Z")));
        QVERIFY(!w->contains(at("2026-11-24T17:30:00Z"))); // 18:30 local
        // Summer: UTC+2. 06:30Z is 08:30 in Berlin; 16:30Z is 18:30.
        QVERIFY(w->contains(at("2026-07-01T06:30:00Z")));
        QVERIFY(!w->contains(at("2026-07-01T16:30:00Z")));
        // Offsets in the input time are honoured.
        QVERIFY(w->contains(at("2026-11-24T09:00:00+01:00")));
    }

    void rejects()
    {
        QVERIFY(!HoursWindow::parse("8:00-18:00", ""));
        QVERIFY(!HoursWindow::parse("08:00", ""));
        QVERIFY(!HoursWindow::parse("08:00-25:00", ""));
        QVERIFY(!HoursWindow::parse("08:00-08:00", ""));
        QVERIFY(!HoursWindow::parse("08:00-18:00", "Mars/Olympus_Mons"));
        QVERIFY(HoursWindow::parse("00:00-24:00", "").has_value());
    }

    void timestamps()
    {
        QCOMPARE(at("1970-01-01T00:00:00Z"), std::int64_t(0));
        QCOMPARE(at("2026-11-24T10:00:00.250Z"), at("2026-11-24T10:00:00Z") + 250);
        QCOMPARE(at("2026-11-24T12:00:00+02:00"), at("2026-11-24T10:00:00Z"));
        QCOMPARE(QByteArray::fromStdString(Timestamp::format(at("2026-11-24T10:00:00.250Z"))),
                 QByteArray("2026-11-24T10:00:00.250Z"));
        QVERIFY(!Timestamp::parse("2026-11-24T10:00:00"));  // zone required
        QVERIFY(!Timestamp::parse("2026-02-30T10:00:00Z")); // no such day
        QVERIFY(!Timestamp::parse("2026-11-24T10:00:00Zjunk"));
    }
};

QTEST_GUILESS_MAIN(TestHoursWindow)
#include "tst_hourswindow.moc"
