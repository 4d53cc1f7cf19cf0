#include "cli/EvaluationPrinter.h"

#include "cli/TerminalText.h"

#include <iomanip>
#include <sstream>

namespace warden {
namespace {

// Cuts at a UTF-8 character boundary so a column never ends mid-character.
std::string fit(const std::string &s, std::size_t width)
{
    if (s.size() <= width)
        return s + std::string(width - s.size(), ' ');
    std::size_t cut = width - 3;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    std::string out = s.substr(0, cut) + "...";
    return out + std::string(width > out.size() ? width - out.size() : 0, ' ');
}

std::string styledDecision(const Verdict &v, const TerminalStyle &style)
{
    std::string text = fit(decisionName(v.decision), 18);
    switch (v.decision) {
    case Decision::Allow: return style.green(text);
    case Decision::Deny: return style.red(text);
    case Decision::ApprovalRequired: return style.yellow(text);
    }
    return text;
}

} // namespace

void EvaluationPrinter::print(const TraceEvaluation &t, CliContext &ctx)
{
    const auto &style = ctx.style;
    ctx.out << style.bold(TerminalText::printable(t.declaration->agent)) << "  " << t.actions.size()
            << " actions  declaration sha256 " << t.declaration->sha256.substr(0, 12) << "\n\n";
    ctx.out << style.bold(
                   "  SEQ  KIND         DECISION           DECLARED  ACTION                                    WHY")
            << '\n';
    for (std::size_t i = 0; i < t.actions.size(); ++i) {
        const Action &a = t.actions[i];
        const Verdict &v = t.verdicts[i];
        std::string why;
        for (const auto &r : v.reasons)
            why += (why.empty() ? "" : "; ") + r.message;
        if (why.empty())
            why = v.rule;
        ctx.out << std::setw(5) << a.seq << "  " << fit(actionKindName(a.kind), 12) << ' ' << styledDecision(v, style)
                << ' ' << (v.declared ? "yes       " : style.red("no        "))
                << fit(TerminalText::printable(a.describe()), 42) << "  " << TerminalText::printable(why) << '\n';
    }
    const Judgement &j = t.judgement;
    std::ostringstream head;
    head << "Judgement: " << labelName(j.label) << " (confidence " << std::fixed << std::setprecision(2) << j.confidence
         << ")";
    std::string label = j.label == Label::Malicious    ? style.red(style.bold(head.str()))
                        : j.label == Label::Suspicious ? style.yellow(style.bold(head.str()))
                                                       : style.green(style.bold(head.str()));
    ctx.out << '\n' << label << "\n  " << TerminalText::printable(j.summary) << '\n';
    if (!j.evidence.empty()) {
        ctx.out << "  evidence: seq";
        for (std::size_t i = 0; i < j.evidence.size(); ++i)
            ctx.out << (i ? ", " : " ") << j.evidence[i];
        ctx.out << '\n';
    }
}

} // namespace warden
