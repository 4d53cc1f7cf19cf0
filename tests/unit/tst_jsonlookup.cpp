// Lookups in untrusted JSON that never throw: a wrong type is "not there".
#include "core/json/JsonLookup.h"
#include "support/TestSupport.h"

using namespace warden;

class TestJsonLookup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wrongTypesAreAbsentNotThrown()
    {
        const nlohmann::json m = {{"id", 1},       {"ok", "yes"},         {"n", "5"}, {"big", std::uint64_t(1) << 63},
                                  {"obj", {1, 2}}, {"PidsLimit", nullptr}};
        QCOMPARE(test::bytes(JsonLookup::stringOr(m, "id", "none")), QByteArray("none"));
        QCOMPARE(JsonLookup::booleanOr(m, "ok", false), false);
        QCOMPARE(JsonLookup::integerOr(m, "n", -1), std::int64_t(-1));
        QCOMPARE(JsonLookup::integerOr(m, "big", -1), std::int64_t(-1));
        QCOMPARE(JsonLookup::integerOr(m, "PidsLimit", 0), std::int64_t(0));
        QVERIFY(JsonLookup::objectOr(m, "obj").is_object());
        QVERIFY(JsonLookup::arrayOr(m, "id").empty());
        QCOMPARE(JsonLookup::numberOr(m, "id", 0.0), 1.0);
        // Not an object at all.
        for (const nlohmann::json &notObject : {nlohmann::json(nullptr), nlohmann::json(3), nlohmann::json::array()}) {
            QVERIFY(!JsonLookup::find(notObject, "id"));
            QCOMPARE(test::bytes(JsonLookup::stringOr(notObject, "id")), QByteArray());
        }
    }

    void strictLookupsNameTheField()
    {
        const nlohmann::json m = {{"id", 1}, {"reason", std::string(5000, 'x')}, {"op", "list"}};
        auto id = JsonLookup::requiredString(m, "id", 64);
        QVERIFY(!id);
        QCOMPARE(test::bytes(id.error().field), QByteArray("/id"));
        QVERIFY(!JsonLookup::optionalString(m, "reason", 4096));
        auto missing = JsonLookup::requiredString(m, "verdict", 32);
        QVERIFY(!missing);
        QCOMPARE(test::bytes(missing.error().field), QByteArray("/verdict"));
        auto absent = JsonLookup::optionalString(m, "reviewer", 64);
        QVERIFY(absent.has_value() && !absent->has_value());
        QCOMPARE(test::bytes(*JsonLookup::requiredString(m, "op", 8)), QByteArray("list"));
        auto unknown = JsonLookup::onlyKnownFields(m, {"id", "op"});
        QVERIFY(!unknown);
        QCOMPARE(test::bytes(unknown.error().field), QByteArray("/reason"));
    }
};

QTEST_GUILESS_MAIN(TestJsonLookup)
#include "tst_jsonlookup.moc"
