// The incident report quotes what agents sent; none of it may become markup.
#include "core/report/IncidentReport.h"
#include "support/TestSupport.h"

using namespace warden;

class TestIncidentReport : public QObject {
    Q_OBJECT

    static RunDetail hostileRun(int actions)
    {
        RunDetail run;
        run.summary.runId = "0123abcd-run";
        run.summary.agent = "<script>alert('agent')</script>";
        run.summary.state = "finished";
        run.summary.declarationSha256 = std::string(64, 'a');
        run.declarationText = "{\"warden\": 1, \"agent\": \"x\", \"purpose\": \"<b>p</b>\", \"tools\": {\"t\": {}}}";
        for (int i = 1; i <= actions; ++i) {
            run.actions.push_back(test::action(
                "{\"seq\": " + std::to_string(i) +
                ", \"kind\": \"tool_call\", \"tool\": \"t\", \"params\": {\"q\": \"<img src=x onerror=alert(1)>\"}}"));
            const bool denied = i == 7;
            StoredVerdict v;
            v.declared = !denied;
            v.decision = denied ? "deny" : "allow";
            if (denied)
                v.reasons = {"<i>not declared</i>"};
            run.verdicts.push_back(v);
        }
        run.judgement = nlohmann::json{
            {"label", "malicious"}, {"confidence", 0.9}, {"summary", "sent </td> out"}, {"evidence", {3}}};
        run.approvals.push_back({{"id", "a1"},
                                 {"seq", 2},
                                 {"tool", "t"},
                                 {"params", {{"q", "x"}}},
                                 {"state", "rejected"},
                                 {"reviewer", "alice"},
                                 {"reason", "<freeze>"},
                                 {"recorded", "2026-11-25T10:00:00.000Z"}});
        return run;
    }

private Q_SLOTS:
    void agentTextIsEscaped()
    {
        const std::string html = IncidentReport::html(hostileRun(10), {});
        QVERIFY(html.find("<script>") == std::string::npos);
        QVERIFY(html.find("<img src=x") == std::string::npos);
        QVERIFY(html.find("<i>not declared</i>") == std::string::npos);
        QVERIFY(html.find("<freeze>") == std::string::npos);
        QVERIFY(html.find("&lt;script&gt;") != std::string::npos);
        QVERIFY(html.find("&lt;freeze&gt;") != std::string::npos);
        QVERIFY(html.find("sent &lt;/td&gt; out") != std::string::npos);
    }

    void approvalsSayWhoAndWhen()
    {
        const std::string html = IncidentReport::html(hostileRun(3), {});
        QVERIFY(html.find("rejected at 2026-11-25T10:00:00.000Z") != std::string::npos);
        QVERIFY(html.find("<td>alice</td>") != std::string::npos);
        QVERIFY(html.find(std::string(64, 'a')) != std::string::npos);
    }

    void anActionThatWaitedSaysWhatBecameOfIt()
    {
        RunDetail run = hostileRun(3);
        run.verdicts[1].decision = "approval_required"; // action 2, which alice rejected
        run.summary.state = "failed";
        run.stateReason = "cannot reach the Docker engine";
        const std::string html = IncidentReport::html(run, {});
        QVERIFY(html.find("denied by alice: &lt;freeze&gt;") != std::string::npos);
        QVERIFY(html.find(">approval_required<") == std::string::npos);
        QVERIFY(html.find(">allowed<") != std::string::npos);
        // The failure and its reason, and table headers that repeat on each PDF page.
        QVERIFY(html.find("failed: cannot reach the Docker engine") != std::string::npos);
        QVERIFY(html.find("<thead><tr><th width=") != std::string::npos);
    }

    void longRunsKeepTheActionsThatMatter()
    {
        IncidentReport::Options options;
        options.maxActions = 5;
        const std::string html = IncidentReport::html(hostileRun(50), options);
        // Rows: the denial (7) and the evidence (3), not the 48 plain allows.
        QVERIFY(html.find("<td>7</td>") != std::string::npos);
        QVERIFY(html.find("<td>3 ★</td>") != std::string::npos);
        QVERIFY(html.find("<td>12</td>") == std::string::npos);
        QVERIFY(html.find("full trace is in the JSONL export") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestIncidentReport)
#include "tst_incidentreport.moc"
