#include "cli/LivePrinter.h"
#include "cli/TerminalText.h"
#include "core/json/JsonLookup.h"

#include "core/trace/Action.h"

#include <cstdio>
#include <iomanip>

namespace warden {

namespace {

std::string oneLine(std::string s, std::size_t width)
{
    for (auto &c : s)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return s.size() > width ? s.substr(0, width - 3) + "..." : s;
}

// Every string here came from a sandbox or a host: printed only escaped.
std::string text(const nlohmann::json &object, const char *key)
{
    return TerminalText::printable(JsonLookup::stringOr(object, key));
}

} // namespace

void LivePrinter::state(const std::string &state, const std::string &detail)
{
    m_ctx.out << m_ctx.style.dim("[" + TerminalText::printable(state) + "] " + TerminalText::printable(detail))
              << std::endl;
}

void LivePrinter::output(const std::string &line)
{
    m_ctx.out << m_ctx.style.dim("  | " + TerminalText::printable(line)) << std::endl;
}

void LivePrinter::action(const nlohmann::json &actionJson, const nlohmann::json &verdict)
{
    auto action = Action::fromJson(actionJson);
    printAction(action ? action->describe() : actionJson.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                verdict);
}

void LivePrinter::action(const Action &action, const nlohmann::json &verdict)
{
    printAction(action.describe(), verdict);
}

void LivePrinter::printAction(const std::string &description, const nlohmann::json &verdict)
{
    const auto &style = m_ctx.style;
    const std::string described = TerminalText::printable(description);
    std::string why;
    if (auto reasons = verdict.find("reasons"); reasons != verdict.end() && reasons->is_array())
        for (const auto &r : *reasons)
            if (r.is_string())
                why += (why.empty() ? "" : "; ") + TerminalText::printable(r.get_ref<const std::string &>());
    const std::string decision = text(verdict, "decision");
    const std::string shown = decision == "allow"  ? style.green(decision)
                              : decision == "deny" ? style.red(decision)
                                                   : style.yellow(decision);
    m_ctx.out << std::setw(4) << JsonLookup::integerOr(verdict, "seq", 0) << "  " << std::left << std::setw(12)
              << text(verdict, "kind") << std::right << shown << "  " << oneLine(described, 60)
              << (why.empty() ? "" : "\n        " + style.dim(oneLine(why, 150))) << std::endl;
}

void LivePrinter::approvalNeeded(const nlohmann::json &r, const nlohmann::json &judgement)
{
    const auto &style = m_ctx.style;
    m_ctx.out << style.yellow(style.bold("\n  APPROVAL NEEDED  " + text(r, "id"))) << "  " << text(r, "agent")
              << " wants " << text(r, "tool") << ' '
              << TerminalText::printable(
                     JsonLookup::objectOr(r, "params").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
              << "\n    why: " << text(r, "justification") << "\n    rule: " << text(r, "rule")
              << (JsonLookup::stringOr(r, "tool_description").empty()
                      ? std::string()
                      : "\n    the server says: " + oneLine(text(r, "tool_description"), 150))
              << "\n    judge so far: " << text(judgement, "label") << " (" << text(judgement, "summary") << ")\n";
}

void LivePrinter::approvalResolved(const nlohmann::json &r)
{
    const std::string reason = text(r, "reason");
    m_ctx.out << m_ctx.style.dim("  approval " + text(r, "id") + ": " + text(r, "state") +
                                 (reason.empty() ? "" : " (" + reason + ")"))
              << std::endl;
}

void LivePrinter::judgement(const nlohmann::json &j, std::size_t actions, const std::string &runId,
                            const std::string &state, const std::string &detail)
{
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.2f", JsonLookup::numberOr(j, "confidence", 0.0));
    m_ctx.out << '\n';
    if (state == "failed") {
        // Never "benign" over a run that did nothing because it never started.
        m_ctx.out << m_ctx.style.red(m_ctx.style.bold("Run failed: " + TerminalText::printable(detail))) << '\n';
        if (actions > 0)
            m_ctx.out << "  before it failed, over " << actions << " actions: " << text(j, "label") << " (confidence "
                      << confidence << ")\n  " << text(j, "summary") << '\n';
        m_ctx.out << "  run " << TerminalText::printable(runId) << '\n';
        return;
    }
    m_ctx.out << m_ctx.style.bold("Judgement: " + text(j, "label") + " (confidence " + confidence + ")") << "\n  "
              << text(j, "summary") << "\n  run " << TerminalText::printable(runId) << ": "
              << TerminalText::printable(state) << " (" << TerminalText::printable(detail) << ")\n";
}

} // namespace warden
