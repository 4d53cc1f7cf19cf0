#include "core/report/IncidentReport.h"
#include "core/json/JsonLookup.h"

#include "core/common/Timestamp.h"
#include "core/policy/Declaration.h"
#include "core/policy/DeclarationSummary.h"
#include "core/report/Provenance.h"
#include "core/store/AuditVerifier.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace warden {

namespace {

std::string text(const nlohmann::json &object, const char *key)
{
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// QTextDocument (the PDF) takes widths from attributes, not from CSS.
constexpr const char *kTable = "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">";

std::string labelColour(const std::string &label)
{
    return label == "malicious" ? "#b3261e" : label == "suspicious" ? "#b26a00" : "#1b7f3b";
}

// What became of an action, in words: the policy's decision, or for one
// that waited, the reviewer's (who, and why) or silence's.
std::string outcomeText(const std::string &decision, const nlohmann::json *approval)
{
    if (decision == "allow")
        return "allowed";
    if (decision == "deny")
        return "denied";
    if (decision != "approval_required" || !approval)
        return decision == "approval_required" ? "waiting for approval" : decision;
    const std::string state = JsonLookup::stringOr(*approval, "state");
    const std::string reviewer = JsonLookup::stringOr(*approval, "reviewer");
    const std::string reason = JsonLookup::stringOr(*approval, "reason");
    if (state == "approved")
        return "approved by " + reviewer + (JsonLookup::booleanOr(*approval, "for_run", false) ? " (for the run)" : "");
    if (state == "rejected")
        return "denied by " + reviewer + (reason.empty() ? "" : ": " + reason);
    if (state == "expired")
        return "expired (silence denies)";
    return "waiting for approval";
}

std::string decisionColour(const std::string &decision)
{
    return decision == "deny" ? "#b3261e" : decision == "allow" ? "#1b7f3b" : "#b26a00";
}

std::string joinedWords(const std::vector<std::string> &words, const char *by)
{
    std::string out;
    for (const auto &w : words)
        out += (out.empty() ? "" : by) + w;
    return out;
}

// One action of the chain, as a line: its number, what, and what became of it.
void stepLine(std::ostringstream &h, const Provenance::Step &step)
{
    h << "<li>#" << step.seq << " " << actionKindName(step.kind) << " <code>" << IncidentReport::escape(step.what)
      << "</code>: <span style=\"color:" << decisionColour(step.decision) << "\">"
      << IncidentReport::escape(outcomeText(step.decision, nullptr)) << "</span>"
      << (step.declared ? "" : " (undeclared)") << "</li>\n";
}

// The chain an incident responder follows, from the content that carried
// instructions to what was refused and what left.
void chainSection(std::ostringstream &h, const Provenance::Chain &chain)
{
    const Action::ToolResult &r = chain.result;
    h << "<h2>How it happened</h2>\n<p><b>1. The injection point.</b> In model request #" << chain.injection
      << " the agent sent its model the result of <code>" << IncidentReport::escape(r.tool.empty() ? "a tool" : r.tool)
      << "</code> (" << r.bytes
      << " bytes), which carried instructions: " << IncidentReport::escape(joinedWords(r.cues, "; ")) << ".</p>\n<pre>"
      << IncidentReport::escape(r.excerpt)
      << "</pre>\n<p><b>2. What the model asked for, and what the agent then did.</b></p>\n<ol>\n";
    for (const Provenance::Turn &turn : chain.turns) {
        h << "<li>The answer to #" << turn.request << " (" << turn.actions << " action"
          << (turn.actions == 1 ? "" : "s") << " followed):<ul>\n";
        for (const Provenance::ToolUse &use : turn.uses) {
            h << "<li><code>" << IncidentReport::escape(use.name) << ": " << IncidentReport::escape(use.input)
              << "</code>";
            if (!use.actions.empty()) {
                h << "<ul>\n";
                for (const auto &step : use.actions)
                    stepLine(h, step);
                h << "</ul>";
            }
            h << "</li>\n";
        }
        for (const auto &step : turn.unmatched)
            stepLine(h, step);
        h << "</ul></li>\n";
    }
    h << "</ol>\n<p><b>3. Refused:</b> " << chain.refusedCount << " action" << (chain.refusedCount == 1 ? "" : "s")
      << " after the injection point.</p>\n<ul>\n";
    for (const auto &step : chain.refused)
        stepLine(h, step);
    h << "</ul>\n<p><b>4. What left:</b> ";
    if (chain.leftCount == 0) {
        h << "nothing: after the injection point no egress, tool or MCP call went ahead, and no model request "
             "carried a canary.</p>\n";
    } else {
        h << chain.leftCount << " action" << (chain.leftCount == 1 ? "" : "s")
          << " allowed out after the injection point:</p>\n<ul>\n";
        for (const auto &step : chain.left)
            stepLine(h, step);
        h << "</ul>\n";
    }
}

} // namespace

IncidentReport::Options IncidentReport::Options::forStore(const std::string &storePath)
{
    Options options;
    options.generatedAt = Timestamp::format(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    options.storePath = storePath;
    auto chain = AuditVerifier::verify(storePath);
    options.chainStatus = chain ? chain->sentence() : "could not be checked: " + chain.error().toString();
    return options;
}

std::string IncidentReport::escape(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    for (char c : in) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string IncidentReport::html(const RunDetail &run, const Options &options)
{
    const auto &s = run.summary;
    const nlohmann::json judgement = run.judgement.value_or(nlohmann::json::object());
    const std::string label = text(judgement, "label").empty() ? "not judged" : text(judgement, "label");
    std::set<std::int64_t> evidence;
    if (auto e = judgement.find("evidence"); e != judgement.end() && e->is_array())
        for (const auto &seq : *e)
            if (seq.is_number_integer())
                evidence.insert(seq.get<std::int64_t>());

    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Warden incident report: " << escape(s.agent)
      << " " << escape(s.runId) << "</title>\n<style>"
      << "body{font-family:sans-serif;font-size:9pt;margin:24px;color:#1a1a1a}"
      << "h1{font-size:16pt;margin-bottom:4px}h2{font-size:12pt;margin-top:20px;border-bottom:1px solid #ccc}"
      << "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:3px 5px;text-align:left;"
      << "vertical-align:top}th{background:#f0f0f0}.verdict{padding:8px;color:white;font-weight:bold}"
      << "pre{white-space:pre-wrap;font-size:8pt;background:#f7f7f7;padding:6px}.undeclared{background:#fdecea}"
      << "td.small{font-size:7.5pt}</style></head><body>\n";
    h << "<h1>Incident report: " << escape(s.agent) << "</h1>\n<p>Run <code>" << escape(s.runId) << "</code>, "
      << escape(s.source) << (s.host.empty() ? "" : " on " + escape(s.host)) << ". Generated "
      << escape(options.generatedAt) << " by Warden " << WARDEN_VERSION << ".</p>\n";

    h << "<h2>Verdict</h2>\n"
      << kTable << "<tr><td width=\"18%\" class=\"verdict\" style=\"background:" << labelColour(label) << "\">"
      << escape(label) << "</td><td>confidence " << escape(text(judgement, "confidence")) << "<br>"
      << escape(text(judgement, "summary")) << "</td></tr></table>\n";
    if (auto findings = judgement.find("findings");
        findings != judgement.end() && findings->is_array() && !findings->empty()) {
        h << kTable << "<tr><th>Rule</th><th>Label</th><th>Finding</th><th>Evidence (actions)</th></tr>\n";
        for (const auto &f : *findings)
            h << "<tr><td>" << escape(text(f, "rule")) << "</td><td>" << escape(text(f, "label")) << "</td><td>"
              << escape(text(f, "summary")) << "</td><td>" << escape(text(f, "evidence")) << "</td></tr>\n";
        h << "</table>\n";
    }

    if (const Provenance provenance = Provenance::build(run); provenance.chain())
        chainSection(h, *provenance.chain());

    h << "<h2>Run</h2>\n"
      << kTable << "<tr><th>State</th><td>" << escape(s.state)
      << (run.stateReason.empty() ? "" : ": " + escape(run.stateReason)) << "</td></tr>"
      << "<tr><th>Started</th><td>" << (s.startedMs ? escape(Timestamp::format(s.startedMs)) : "") << "</td></tr>"
      << "<tr><th>Ended</th><td>" << (s.endedMs ? escape(Timestamp::format(*s.endedMs)) : "still running")
      << "</td></tr>"
      << "<tr><th>Actions</th><td>" << run.actions.size() << "</td></tr>"
      << "<tr><th>Declaration SHA-256</th><td><code>" << escape(s.declarationSha256) << "</code></td></tr>"
      << "<tr><th>Audit chain</th><td>" << escape(options.chainStatus.empty() ? "not checked" : options.chainStatus)
      << "</td></tr>"
      << "<tr><th>Store</th><td>" << escape(options.storePath) << "</td></tr></table>\n";

    if (!options.timelineImage.empty())
        h << "<h2>Timeline</h2>\n<p><img src=\"" << escape(options.timelineImage)
          << "\" width=\"680\" alt=\"declared and undeclared actions over time\"></p>\n";

    h << "<h2>Approvals</h2>\n";
    if (run.approvals.empty()) {
        h << "<p>No privileged request waited for a reviewer.</p>\n";
    } else {
        h << kTable
          << "<thead><tr><th>Request</th><th>Action</th><th>Tool and parameters</th><th>Asked</th><th>Outcome</th>"
             "<th>Reviewer</th><th>Reason</th></tr></thead>\n";
        for (const auto &a : run.approvals)
            h << "<tr><td>" << escape(text(a, "id")) << "</td><td>" << escape(text(a, "seq")) << "</td><td>"
              << escape(text(a, "tool")) << " " << escape(text(a, "params")) << "<br><i>"
              << escape(text(a, "justification")) << "</i></td><td>" << escape(text(a, "requested")) << "</td><td>"
              << escape(text(a, "state")) << (text(a, "state") == "pending" ? "" : " at " + escape(text(a, "recorded")))
              << (JsonLookup::booleanOr(a, "for_run", false) ? " (for the rest of the run)" : "") << "</td><td>"
              << escape(text(a, "reviewer")) << "</td><td>" << escape(text(a, "reason")) << "</td></tr>\n";
        h << "</table>\n";
    }

    h << "<h2>Actions</h2>\n";
    const bool abridged = run.actions.size() > options.maxActions;
    if (abridged)
        h << "<p>" << run.actions.size()
          << " actions; listed here are those that were not plainly allowed and those the verdict names. "
             "The full trace is in the JSONL export.</p>\n";
    // The header row repeats on every page of the PDF (<thead>).
    h << kTable << "<thead><tr><th width=\"5%\">#</th><th width=\"9%\">Time (UTC)</th><th width=\"8%\">Kind</th>"
      << "<th width=\"7%\">Seen by</th><th width=\"29%\">What</th><th width=\"5%\">Decl.</th>"
      << "<th width=\"14%\">Decision</th><th width=\"23%\">Why</th></tr></thead>\n";
    std::map<std::int64_t, const nlohmann::json *> approvalOf;
    for (const auto &a : run.approvals)
        approvalOf[JsonLookup::integerOr(a, "seq", -1)] = &a;
    for (std::size_t i = 0; i < run.actions.size(); ++i) {
        const Action &a = run.actions[i];
        static const StoredVerdict unjudged;
        const StoredVerdict &verdict = i < run.verdicts.size() ? run.verdicts[i] : unjudged;
        const std::string &decision = verdict.decision;
        const bool declared = verdict.declared;
        const bool isEvidence = evidence.contains(a.seq);
        if (abridged && decision == "allow" && declared && !isEvidence)
            continue;
        const std::string why = verdict.reasons.empty() ? std::string() : verdict.why();
        h << "<tr class=\"" << (declared ? "" : "undeclared") << (isEvidence ? " evidence" : "") << "\"><td>" << a.seq
          << (isEvidence ? " ★" : "") << "</td><td>"
          << (a.timeMs ? escape(Timestamp::format(*a.timeMs).substr(11, 12)) : "") << "</td><td>"
          << actionKindName(a.kind) << "</td><td>" << escape(a.source) << "</td><td class=\"small\">"
          << escape(a.describe()) << "</td><td>" << (declared ? "yes" : "no")
          << "</td><td style=\"color:" << decisionColour(decision) << "\">"
          << escape(outcomeText(decision, approvalOf.contains(a.seq) ? approvalOf.at(a.seq) : nullptr))
          << "</td><td class=\"small\">" << escape(why) << "</td></tr>\n";
    }
    h << "</table>\n";

    h << "<h2>Declaration</h2>\n";
    if (auto declaration = Declaration::parse(run.declarationText, "declaration"); declaration) {
        h << kTable;
        for (const auto &[topic, value] : summarizeDeclaration(*declaration))
            h << "<tr><th>" << escape(topic) << "</th><td>" << escape(value) << "</td></tr>";
        h << "</table>\n";
    }
    h << "<pre>" << escape(run.declarationText) << "</pre>\n</body></html>\n";
    return h.str();
}

} // namespace warden
