// What an MCP session forwards to its server: only what was judged. On
// 5585575 a tools/call went on with the client's whole params (_meta and
// any other field), so a canary in them reached a server unseen. The
// server side here is a link that records what it is sent; the real SDK
// and reference servers run in tst_mcp.
#include "core/mcp/McpServerLink.h"
#include "core/mcp/McpSession.h"
#include "core/policy/Declaration.h"

#include <QtTest>

using namespace warden;
using json = nlohmann::json;

// Named, not anonymous: the test class holds one.
namespace mcpsessiontest {

class RecordingLink : public McpServerLink {
public:
    std::vector<json> sent;
    void start() override {}
    void send(const json &message) override { sent.push_back(message); }
    void stop() override {}
    void serverSays(const json &message) { Q_EMIT this->message(message); }
};

} // namespace mcpsessiontest

using mcpsessiontest::RecordingLink;

class TestMcpSession : public QObject {
    Q_OBJECT

    struct Fixture {
        RecordingLink *link = new RecordingLink;
        std::unique_ptr<McpSession> session;
        std::vector<McpCall> calls;
        std::vector<json> toAgent;
        Fixture()
        {
            McpServerRule rule;
            rule.name = "files";
            rule.command = {"server"};
            session = std::make_unique<McpSession>(1, nullptr, rule, std::make_shared<const Declaration>(), link,
                                                   McpSession::Limits{});
            QObject::connect(session.get(), &McpSession::callReceived, session.get(),
                             [this](const McpCall &c) { calls.push_back(c); });
            QObject::connect(session.get(), &McpSession::sentToAgent, session.get(),
                             [this](const json &m) { toAgent.push_back(m); });
            session->start();
        }
        void fromAgent(const json &m) { session->receive(QByteArray::fromStdString(m.dump())); }
    };

private Q_SLOTS:
    void aCallIsForwardedAsJudgedAndNothingMore()
    {
        Fixture f;
        f.fromAgent({{"jsonrpc", "2.0"},
                     {"id", 7},
                     {"method", "tools/call"},
                     {"params",
                      {{"name", "read"},
                       {"arguments", {{"path", "/data/a"}}},
                       {"_meta", {{"progressToken", "tok-1"}, {"stash", "AKIAFAKECANARY0000001"}}},
                       {"smuggled", "AKIAFAKECANARY0000001"}}}});
        QCOMPARE(f.calls.size(), std::size_t{1});
        QCOMPARE(f.calls.front().params, json({{"path", "/data/a"}}));
        f.session->allow(f.calls.front().id);
        QCOMPARE(f.link->sent.size(), std::size_t{1});
        const json &params = f.link->sent.front().at("params");
        const std::string ours = "warden-" + std::to_string(f.calls.front().id);
        QCOMPARE(params,
                 json({{"name", "read"}, {"arguments", {{"path", "/data/a"}}}, {"_meta", {{"progressToken", ours}}}}));
        QVERIFY(f.link->sent.front().dump().find("AKIA") == std::string::npos);

        // The server's progress reaches the client under the client's token;
        // progress for a token Warden never gave out is dropped.
        f.link->serverSays({{"jsonrpc", "2.0"},
                            {"method", "notifications/progress"},
                            {"params", {{"progressToken", ours}, {"progress", 1}}}});
        f.link->serverSays({{"jsonrpc", "2.0"},
                            {"method", "notifications/progress"},
                            {"params", {{"progressToken", "tok-1"}, {"progress", 2}}}});
        QCOMPARE(f.toAgent.size(), std::size_t{1});
        QCOMPARE(f.toAgent.front().at("params").at("progressToken"), json("tok-1"));
        QCOMPARE(f.toAgent.front().at("params").at("progress"), json(1));

        // Once answered, the call's token is gone with it.
        const std::int64_t upstream = f.link->sent.front().at("id").get<std::int64_t>();
        f.link->serverSays({{"jsonrpc", "2.0"}, {"id", upstream}, {"result", {{"content", json::array()}}}});
        f.link->serverSays({{"jsonrpc", "2.0"},
                            {"method", "notifications/progress"},
                            {"params", {{"progressToken", ours}, {"progress", 3}}}});
        QCOMPARE(f.toAgent.size(), std::size_t{2}); // the answer, no late progress
        QVERIFY(f.toAgent.back().contains("result"));
    }

    void aListingForwardsItsCursorAlone()
    {
        Fixture f;
        f.fromAgent({{"jsonrpc", "2.0"},
                     {"id", 1},
                     {"method", "tools/list"},
                     {"params", {{"cursor", "page-2"}, {"_meta", {{"x", "AKIAFAKECANARY0000001"}}}}}});
        QCOMPARE(f.link->sent.size(), std::size_t{1});
        QCOMPARE(f.link->sent.front().at("params"), json({{"cursor", "page-2"}}));
    }
};

QTEST_GUILESS_MAIN(TestMcpSession)
#include "tst_mcpsession.moc"
