#include "core/policy/RequestComparison.h"

#include "core/policy/CommandLine.h"
#include "core/policy/PathScope.h"
#include "core/policy/Url.h"

#include <QCoreApplication>

#include <algorithm>
#include <initializer_list>

namespace warden {

using nlohmann::json;

namespace {

// Beyond this many cells the glob alignment is not worth its memory; the word
// is then shown as chosen whole, which overstates and never hides.
constexpr std::size_t kMaxAlignmentCells = 4'000'000;

// Words a reviewer reads on the approval card, in the console's language
// (English without a translator: wardenctl, the tests). The declaration's
// own text (patterns, paths, values) goes in as arguments, untranslated.
std::string say(const char *english, std::initializer_list<std::string> args = {})
{
    const QString text = QCoreApplication::translate("warden::RequestComparison", english);
    std::vector<QString> a;
    for (const std::string &arg : args)
        a.push_back(QString::fromStdString(arg));
    // One arg() call for all: a "%2" inside the declaration's text stays text.
    switch (a.size()) {
    case 0: return text.toStdString();
    case 1: return text.arg(a[0]).toStdString();
    default: return text.arg(a[0], a[1]).toStdString();
    }
}

void append(std::vector<RequestComparison::Part> &parts, std::string_view text, bool chosen)
{
    if (text.empty())
        return;
    if (!parts.empty() && parts.back().chosen == chosen)
        parts.back().text += text;
    else
        parts.push_back({std::string(text), chosen});
}

std::string valueText(const json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string joined(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

// Splits `word` into what `pattern`'s literal characters fixed and what its
// stars matched, with the same meaning as CommandLine::globMatch. Each star
// takes as little as it can, so the chosen parts are the smallest that match.
void globParts(std::string_view pattern, std::string_view word, std::vector<RequestComparison::Part> &parts)
{
    const std::size_t P = pattern.size(), W = word.size();
    if ((P + 1) * (W + 1) > kMaxAlignmentCells) {
        append(parts, word, true);
        return;
    }
    // tail[p * (W + 1) + w]: pattern[p..] matches word[w..].
    std::vector<char> tail((P + 1) * (W + 1), 0);
    auto at = [&](std::size_t p, std::size_t w) -> char & { return tail[p * (W + 1) + w]; };
    at(P, W) = 1;
    for (std::size_t p = P; p-- > 0;)
        for (std::size_t w = W + 1; w-- > 0;) {
            if (pattern[p] == '*')
                at(p, w) = at(p + 1, w) || (w < W && at(p, w + 1));
            else
                at(p, w) = w < W && pattern[p] == word[w] && at(p + 1, w + 1);
        }
    if (!at(0, 0)) {
        append(parts, word, true);
        return;
    }
    std::size_t p = 0, w = 0;
    while (w < W || p < P) {
        if (p < P && pattern[p] == '*') {
            if (at(p + 1, w))
                ++p;
            else
                append(parts, word.substr(w++, 1), true);
        } else {
            append(parts, word.substr(w, 1), false);
            ++p;
            ++w;
        }
    }
}

// A word as a reader would retype it: quoted when it is empty or holds spaces.
std::string shownWord(const std::string &word)
{
    bool plain = !word.empty() && word.find_first_of(" \t'\"\\") == std::string::npos;
    return plain ? word : "'" + word + "'";
}

void commandParts(const ParamRule &rule, const std::string &text, RequestComparison::Param &out)
{
    auto words = CommandLine::splitWords(text);
    if (!words) {
        append(out.parts, text, true);
        return;
    }
    for (std::size_t i = 0; i < rule.allowWords.size(); ++i) {
        const auto &pattern = rule.allowWords[i];
        if (pattern.size() != words->size())
            continue;
        bool all = true;
        for (std::size_t k = 0; k < pattern.size() && all; ++k)
            all = CommandLine::globMatch(pattern[k], (*words)[k]);
        if (!all)
            continue;
        out.declaredAs =
            say(QT_TRANSLATE_NOOP("warden::RequestComparison", "command allowed as \"%1\""), {rule.allowText[i]});
        for (std::size_t k = 0; k < pattern.size(); ++k) {
            if (k > 0)
                append(out.parts, " ", false);
            const std::string &word = (*words)[k];
            if (shownWord(word) != word) {
                // Quoted for display: the quotes are ours, the word the agent's
                // unless the pattern names it exactly.
                append(out.parts, shownWord(word), pattern[k] != word);
            } else {
                globParts(pattern[k], word, out.parts);
            }
        }
        return;
    }
    append(out.parts, text, true);
}

void pathParts(const ParamRule &rule, const std::string &text, RequestComparison::Param &out)
{
    auto path = PathScope::normalize(text);
    if (!path) {
        append(out.parts, text, true);
        return;
    }
    // The narrowest declared directory that holds it fixes the most.
    const std::string *scope = nullptr;
    for (const auto &s : rule.within)
        if (PathScope::isWithin(*path, s) && (!scope || s.size() > scope->size()))
            scope = &s;
    out.value = *path;
    if (!scope) {
        append(out.parts, *path, true);
        return;
    }
    append(out.parts, std::string_view(*path).substr(0, scope->size()), false);
    append(out.parts, std::string_view(*path).substr(scope->size()), true);
}

void urlParts(const std::string &text, bool destinationDeclared, RequestComparison::Param &out)
{
    // The scheme and host are the declaration's (a declared destination);
    // path, query and fragment are the agent's.
    const auto authority = text.find("://");
    auto end = authority == std::string::npos ? std::string::npos : text.find_first_of("/?#", authority + 3);
    if (!destinationDeclared || authority == std::string::npos) {
        append(out.parts, text, true);
        return;
    }
    if (end == std::string::npos)
        end = text.size();
    append(out.parts, std::string_view(text).substr(0, end), false);
    append(out.parts, std::string_view(text).substr(end), true);
}

std::string describeRule(const ParamRule &rule)
{
    const std::string limit = rule.maxLength
                                  ? say(QT_TRANSLATE_NOOP("warden::RequestComparison", ", at most %1 characters"),
                                        {std::to_string(*rule.maxLength)})
                                  : std::string();
    switch (rule.type) {
    case ParamType::Path:
        return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "path within %1"), {joined(rule.within, ", ")});
    case ParamType::Command:
        return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "command allowed as %1"),
                   {joined(rule.allowText, " | ")});
    case ParamType::Url:
        return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "URL (%1) to a declared destination"),
                   {rule.schemes.empty() ? std::string("http, https") : joined(rule.schemes, ", ")});
    case ParamType::String:
        return (rule.pattern
                    ? say(QT_TRANSLATE_NOOP("warden::RequestComparison", "text matching %1"), {rule.pattern->pattern()})
                    : say(QT_TRANSLATE_NOOP("warden::RequestComparison", "any text"))) +
               limit;
    case ParamType::Integer:
        if (rule.min && rule.max)
            return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "integer from %1 up to %2"),
                       {std::to_string(*rule.min), std::to_string(*rule.max)});
        if (rule.min)
            return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "integer from %1"), {std::to_string(*rule.min)});
        if (rule.max)
            return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "integer up to %1"), {std::to_string(*rule.max)});
        return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "integer"));
    case ParamType::Boolean: return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "true or false"));
    case ParamType::Enum: {
        std::vector<std::string> values;
        for (const auto &v : rule.values)
            values.push_back(valueText(v));
        return say(QT_TRANSLATE_NOOP("warden::RequestComparison", "one of %1"), {joined(values, ", ")});
    }
    }
    return {};
}

bool belongsTo(const Reason &reason, const std::string &paramRule, const std::string &name)
{
    if (reason.rule == paramRule || reason.rule.rfind(paramRule + ".", 0) == 0)
        return true;
    // A URL parameter's undeclared destination is reported under "destinations".
    return reason.rule == "destinations" && reason.message.rfind("parameter \"" + name.substr(0, 200), 0) == 0;
}

} // namespace

const char *comparisonStatusName(RequestComparison::Status status)
{
    switch (status) {
    case RequestComparison::Status::Meets: return "meets";
    case RequestComparison::Status::Breaks: return "breaks";
    case RequestComparison::Status::Undeclared: return "undeclared";
    case RequestComparison::Status::Missing: return "missing";
    }
    return "breaks";
}

RequestComparison RequestComparison::compare(const PolicyEngine &engine, const std::string &tool, const json &params,
                                             std::optional<std::int64_t> timeMs)
{
    RequestComparison out;
    out.tool = tool;
    Action action;
    action.kind = ActionKind::ToolCall;
    action.tool = tool;
    action.timeMs = timeMs;
    action.params = params.is_object() ? params : json::object();
    const Verdict verdict = engine.evaluate(action);

    const auto &tools = engine.declaration().tools;
    const auto toolIt = tools.find(tool);
    out.toolDeclared = toolIt != tools.end();
    std::vector<bool> used(verdict.reasons.size(), false);
    if (out.toolDeclared) {
        const ToolRule &rule = toolIt->second;
        std::vector<std::string> terms;
        if (rule.approvalRequired)
            terms.push_back(say(QT_TRANSLATE_NOOP("warden::RequestComparison", "approval required")));
        if (rule.hours)
            terms.push_back(say(QT_TRANSLATE_NOOP("warden::RequestComparison", "hours %1"), {rule.hours->describe()}));
        out.toolTerms = joined(terms, "; ");
        const std::string prefix = "tools." + tool + ".params.";
        for (const auto &[name, paramRule] : rule.params) {
            Param p;
            p.name = name;
            p.declaredAs = describeRule(paramRule);
            for (std::size_t i = 0; i < verdict.reasons.size(); ++i)
                if (belongsTo(verdict.reasons[i], prefix + name, name)) {
                    p.problems.push_back(verdict.reasons[i].message);
                    used[i] = true;
                }
            if (!action.params.contains(name)) {
                if (paramRule.optional)
                    continue;
                p.status = Status::Missing;
                out.params.push_back(std::move(p));
                continue;
            }
            const json &value = action.params.at(name);
            p.value = valueText(value);
            p.status = p.problems.empty() ? Status::Meets : Status::Breaks;
            const bool text = value.is_string();
            if (paramRule.type == ParamType::Path && text)
                pathParts(paramRule, p.value, p);
            else if (paramRule.type == ParamType::Command && text)
                commandParts(paramRule, p.value, p);
            else if (paramRule.type == ParamType::Url && text)
                urlParts(p.value, p.problems.empty(), p);
            else if (paramRule.type == ParamType::Enum && p.problems.empty())
                append(p.parts, p.value, false);
            else
                append(p.parts, p.value, true);
            out.params.push_back(std::move(p));
        }
    }
    for (const auto &[name, value] : action.params.items()) {
        if (out.toolDeclared && toolIt->second.params.count(name))
            continue;
        Param p;
        p.name = name;
        p.value = valueText(value);
        p.status = Status::Undeclared;
        p.problems.push_back(out.toolDeclared
                                 ? say(QT_TRANSLATE_NOOP("warden::RequestComparison", "not declared for this tool"))
                                 : say(QT_TRANSLATE_NOOP("warden::RequestComparison", "the tool is not declared")));
        append(p.parts, p.value, true);
        out.params.push_back(std::move(p));
    }
    for (std::size_t i = 0; i < verdict.reasons.size(); ++i) {
        const Reason &r = verdict.reasons[i];
        // Undeclared parameters already say so on their own row.
        const bool undeclaredParam = r.rule == "tools." + tool + ".params";
        if (!used[i] && !undeclaredParam)
            out.problems.push_back(r.message);
    }
    return out;
}

} // namespace warden
