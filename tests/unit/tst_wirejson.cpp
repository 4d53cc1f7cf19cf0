// The one reader for JSON from outside the process.
#include "core/json/WireJson.h"
#include "support/TestSupport.h"

using namespace warden;

namespace {

std::string nested(std::size_t levels)
{
    return std::string(levels, '[') + std::string(levels, ']');
}

} // namespace

class TestWireJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A store edited by hand could hold a record of 100,000 nested arrays:
    // reading it back must not recurse that deep.
    void storedRecordsAreDepthCheckedFirst()
    {
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        QVERIFY(WireJson::parseStored(deep).is_discarded());
        QVERIFY(!WireJson::nestingWithin(deep, 128));
        QVERIFY(WireJson::nestingWithin(std::string(128, '[') + std::string(128, ']'), 128));
        // Brackets inside strings, escaped quotes included, do not count.
        const std::string quoted = "{\"a\": \"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"}";
        QVERIFY(WireJson::nestingWithin(quoted, 2));
        QCOMPARE(WireJson::parseStored(quoted).at("a").get<std::string>().size(), std::size_t(1001));
        QVERIFY(WireJson::parseStored("{not json").is_discarded());
    }

    void readsOrdinaryDocuments()
    {
        auto doc = WireJson::parse(R"({"id":"7","tool":"plot","params":{"kind":"bar","n":[1,2.5,null,true]}})");
        QVERIFY2(doc.has_value(), doc ? "" : doc.error().message.c_str());
        QCOMPARE(test::bytes(doc->at("params").at("kind").get<std::string>()), QByteArray("bar"));
        QCOMPARE(doc->at("params").at("n").size(), std::size_t(4));
    }

    // What an agent sent the gateway: 120,000 levels in 240 KB. The tree is
    // refused while it is read, before anything copies or dumps it.
    void refusesDeepNestingBeforeBuildingIt()
    {
        const std::string attack = R"({"id":"1","tool":"plot","params":{"x":)" + nested(120000) + "}}";
        auto doc = WireJson::parse(attack);
        QVERIFY(!doc);
        QVERIFY2(doc.error().message.find("nested deeper than 64") != std::string::npos, doc.error().message.c_str());
        QVERIFY(WireJson::parse(nested(64)).has_value());
        QVERIFY(!WireJson::parse(nested(65)));
        QVERIFY(!WireJson::parse(nested(3), {.maxDepth = 2}));
    }

    void refusesDuplicateKeysAnywhere()
    {
        auto top = WireJson::parse(R"({"op":"decide","verdict":"reject","verdict":"approve"})");
        QVERIFY(!top);
        QVERIFY(top.error().message.find("duplicate key \"verdict\"") != std::string::npos);
        QCOMPARE(test::bytes(top.error().field), QByteArray("/verdict"));
        QVERIFY(!WireJson::parse(R"({"a":[{"b":1,"b":2}]})"));
        QVERIFY(WireJson::parse(R"({"a":{"b":1},"c":{"b":2}})").has_value()); // same key, other objects
    }

    void refusesOversizedGarbageAndTrailingBytes()
    {
        QVERIFY(!WireJson::parse(std::string(2000, ' ') + "1", {.maxBytes = 1000}));
        for (const char *bad : {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} {\"b\":2}", "nul", "\"\xff\"", "{'a':1}"})
            QVERIFY2(!WireJson::parse(bad), bad);
        QVERIFY(WireJson::parse("  {\"a\":1}\n").has_value());
    }
};

QTEST_GUILESS_MAIN(TestWireJson)
#include "tst_wirejson.moc"
