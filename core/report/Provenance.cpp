#include "core/report/Provenance.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/judge/CommandHeuristics.h"
#include "core/judge/InjectionCues.h"

#include <algorithm>
#include <set>

namespace warden {

namespace {

// A run's actions as rows, whether it was read whole or as a log.
class RunRows {
public:
    explicit RunRows(const RunDetail &run) : m_run(run), m_log(!run.log.empty())
    {
        for (const auto &a : run.approvals)
            if (JsonLookup::stringOr(a, "state") == "approved")
                m_approved.insert(JsonLookup::integerOr(a, "seq", -1));
    }
    // Allowed by the policy, or approved by a reviewer: it went ahead.
    bool wentAhead(std::size_t i) const { return decision(i) == "allow" || m_approved.contains(seq(i)); }
    std::size_t size() const { return m_log ? m_run.log.size() : m_run.actions.size(); }
    std::int64_t seq(std::size_t i) const { return m_log ? m_run.log.row(i).seq : m_run.actions[i].seq; }
    ActionKind kind(std::size_t i) const { return m_log ? m_run.log.row(i).kind : m_run.actions[i].kind; }
    std::string decision(std::size_t i) const
    {
        if (m_log)
            return m_run.log.decision(i);
        return i < m_run.verdicts.size() ? m_run.verdicts[i].decision : std::string("unjudged");
    }
    bool declared(std::size_t i) const
    {
        if (m_log)
            return m_run.log.row(i).declared;
        return i < m_run.verdicts.size() && m_run.verdicts[i].declared;
    }
    std::optional<Action> action(std::size_t i) const
    {
        if (!m_log)
            return m_run.actions[i];
        auto a = m_run.log.action(i);
        return a ? std::optional(std::move(*a)) : std::nullopt;
    }

private:
    const RunDetail &m_run;
    bool m_log;
    std::set<std::int64_t> m_approved;
};

// The last part of a tool's name, however the client spelled its server:
// "mcp__files__write_file", "files/write_file", "files.write_file".
std::string lastPart(const std::string &name)
{
    std::size_t at = 0;
    for (const char *sep : {"__", "/", "."})
        if (std::size_t p = name.rfind(sep); p != std::string::npos)
            at = std::max(at, p + std::string_view(sep).size());
    return name.substr(at);
}

std::string cutText(const std::string &text, std::size_t size)
{
    if (text.size() <= size)
        return text;
    std::size_t end = size;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end) + "…";
}

// A tool use's input as a reviewer reads it: a shell command by itself.
std::string shownInput(const std::string &stored)
{
    if (auto doc = WireJson::parse(stored, {64 * 1024, 16}); doc && doc->is_object())
        for (const char *key : {"command", "cmd"}) {
            const nlohmann::json *c = JsonLookup::find(*doc, key);
            if (c && c->is_string())
                return cutText(c->get<std::string>(), 240);
            if (c && c->is_array()) {
                std::string line;
                for (const auto &word : *c)
                    if (word.is_string())
                        line += (line.empty() ? "" : " ") + word.get<std::string>();
                return cutText(line, 240);
            }
        }
    return cutText(stored, 240);
}

// A tool use that runs a command (Bash, shell, exec_command, run_shell_command):
// its input names one.
bool isShellUse(const std::string &name, const std::string &input)
{
    static const std::vector<std::string> shells = {
        "bash", "shell", "exec_command", "local_shell", "run_shell_command", "execute_command", "terminal"};
    std::string lowered = lastPart(name);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(shells.begin(), shells.end(), lowered) != shells.end() ||
           input.find("\"command\"") != std::string::npos || input.find("\"cmd\"") != std::string::npos;
}

// The program a process runs, looking through "sh -c CMD" to CMD's first word.
std::string programOf(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return {};
    std::string first = CommandHeuristics::basename(argv[0]);
    static const std::vector<std::string> shells = {"sh", "bash", "dash", "zsh"};
    if (std::find(shells.begin(), shells.end(), first) != shells.end())
        for (std::size_t i = 1; i + 1 < argv.size(); ++i)
            if (argv[i] == "-c" || argv[i] == "-lc") {
                const std::string &cmd = argv[i + 1];
                const std::size_t start = cmd.find_first_not_of(" \t");
                if (start == std::string::npos)
                    break;
                return CommandHeuristics::basename(cmd.substr(start, cmd.find_first_of(" \t;|&", start) - start));
            }
    return first;
}

Provenance::Step stepOf(const Action &a, const std::string &decision, bool declared)
{
    return {a.seq, a.kind, cutText(a.describe(), 240), decision, declared};
}

} // namespace

const Provenance::Answer *Provenance::answerBefore(std::int64_t seq) const
{
    auto it = std::lower_bound(m_turns.begin(), m_turns.end(), seq,
                               [](const Answer &a, std::int64_t s) { return a.request < s; });
    return it == m_turns.begin() ? nullptr : &*(it - 1);
}

int Provenance::matchingUse(const Answer &answer, const Action &action)
{
    // As a word of the input: "cat" in "cat README.md", not in "location".
    auto contains = [](const std::string &input, const std::string &needle) {
        if (needle.size() < 2)
            return false;
        auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
        for (std::size_t at = input.find(needle); at != std::string::npos; at = input.find(needle, at + 1)) {
            const std::size_t end = at + needle.size();
            if ((at == 0 || !word(input[at - 1]) || !word(needle.front())) &&
                (end >= input.size() || !word(input[end]) || !word(needle.back())))
                return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < answer.uses.size(); ++i) {
        const auto &[name, input] = answer.uses[i];
        bool match = false;
        switch (action.kind) {
        case ActionKind::ToolCall: {
            // Gemini CLI spells an MCP tool SERVER_TOOL ("mcp_files_write_file").
            const std::string tool = lastPart(action.tool);
            match = !tool.empty() && (lastPart(name) == tool || name.ends_with("_" + tool));
            break;
        }
        case ActionKind::Process: match = contains(input, programOf(action.argv)); break;
        case ActionKind::Egress:
        case ActionKind::Model: match = contains(input, action.host); break;
        case ActionKind::File:
        case ActionKind::SecretRead:
            match = contains(input, action.path) || contains(input, CommandHeuristics::basename(action.path));
            break;
        case ActionKind::Syscall: break;
        }
        if (match)
            return static_cast<int>(i);
    }
    // One use that runs commands: what followed it on the machine is its
    // (a shell wraps the command it was given). A tool call must match by name.
    const bool machine = action.kind != ActionKind::ToolCall && action.kind != ActionKind::Model;
    return answer.uses.size() == 1 && machine && isShellUse(answer.uses[0].first, answer.uses[0].second) ? 0 : -1;
}

std::optional<Provenance::Link> Provenance::linkOf(const Action &action) const
{
    if (action.kind == ActionKind::Model)
        return std::nullopt;
    const Answer *answer = answerBefore(action.seq);
    if (!answer || answer->uses.empty()) // a text answer asked for nothing
        return std::nullopt;
    Link link{answer->request, {}};
    if (int use = matchingUse(*answer, action); use >= 0)
        link.toolUse = answer->uses[use].first + ": " + shownInput(answer->uses[use].second);
    return link;
}

Provenance Provenance::build(const RunDetail &run)
{
    Provenance p;
    for (const nlohmann::json &turn : run.modelTurns) {
        const auto request = JsonLookup::integer(turn, "answers");
        const nlohmann::json *uses = JsonLookup::find(turn, "tool_uses");
        // Every answer is a boundary: what follows a text answer is not
        // the doing of an earlier one.
        if (!request || *request < 1)
            continue;
        Answer a{*request, {}};
        if (uses && uses->is_array())
            for (const auto &use : *uses)
                if (use.is_object() && a.uses.size() < 64)
                    a.uses.emplace_back(cutText(JsonLookup::stringOr(use, "name"), 200),
                                        JsonLookup::stringOr(use, "input"));
        p.m_turns.push_back(std::move(a));
    }
    std::stable_sort(p.m_turns.begin(), p.m_turns.end(),
                     [](const Answer &x, const Answer &y) { return x.request < y.request; });
    p.m_turns.erase(std::unique(p.m_turns.begin(), p.m_turns.end(),
                                [](const Answer &x, const Answer &y) { return x.request == y.request; }),
                    p.m_turns.end());

    // The injection point: the newest tool result that carried instructions
    // before the first action outside the declaration that followed one.
    const RunRows rows(run);
    std::optional<std::pair<std::size_t, Action::ToolResult>> candidate;
    std::size_t from = rows.size();
    std::size_t parsed = 0;
    for (std::size_t i = 0; i < rows.size() && from == rows.size(); ++i) {
        if (rows.kind(i) == ActionKind::Model) {
            if (++parsed > kMaxParsed)
                break;
            if (auto a = rows.action(i))
                for (const auto &r : a->results)
                    if (InjectionCues::carriesInstructions(r.cues)) {
                        candidate = {i, r};
                        break;
                    }
        } else if (candidate && !rows.declared(i)) {
            from = candidate->first;
        }
    }
    if (!candidate || from == rows.size())
        return p;

    Chain chain;
    chain.injection = rows.seq(from);
    chain.result = candidate->second;
    parsed = 0;
    auto turnFor = [&](std::int64_t request) -> Turn & {
        if (chain.turns.empty() || chain.turns.back().request != request) {
            Turn t{request, {}, {}, 0};
            if (const Answer *a = p.answerBefore(request + 1); a && a->request == request)
                for (const auto &[name, input] : a->uses)
                    t.uses.push_back({name, shownInput(input), {}});
            chain.turns.push_back(std::move(t));
        }
        return chain.turns.back();
    };
    for (std::size_t i = from + 1; i < rows.size(); ++i) {
        const ActionKind kind = rows.kind(i);
        const bool allowed = rows.wentAhead(i);
        const std::string decision = allowed && rows.decision(i) != "allow" ? "approved" : rows.decision(i);
        const bool declared = rows.declared(i);
        // What reaches past the sandbox when it goes ahead: a connection or
        // request (the proxy's, or one the supervisor let through) and a
        // tool call (run by the warden, or an MCP server).
        const bool out = kind == ActionKind::Egress || kind == ActionKind::ToolCall;
        const bool shown = !declared || !allowed || out || kind == ActionKind::Model;
        std::optional<Action> action;
        if (shown && parsed < kMaxParsed) {
            ++parsed;
            action = rows.action(i);
        }
        if (kind == ActionKind::Model) {
            // The conversation itself; out only when it carried a secret.
            if (action && allowed && !action->canaries.empty() && ++chain.leftCount && chain.left.size() < kMaxSteps)
                chain.left.push_back(stepOf(*action, decision, declared));
            continue;
        }
        const Answer *answer = p.answerBefore(rows.seq(i));
        if (answer && answer->request >= chain.injection && chain.turns.size() < 64) {
            Turn &turn = turnFor(answer->request);
            ++turn.actions;
            if (action) {
                const int use = matchingUse(*answer, *action);
                auto &list = use >= 0 ? turn.uses[static_cast<std::size_t>(use)].actions : turn.unmatched;
                if (list.size() < kMaxSteps)
                    list.push_back(stepOf(*action, decision, declared));
            }
        }
        if (!allowed && ++chain.refusedCount && action && chain.refused.size() < kMaxSteps)
            chain.refused.push_back(stepOf(*action, decision, declared));
        if (allowed && out && ++chain.leftCount && action && chain.left.size() < kMaxSteps)
            chain.left.push_back(stepOf(*action, decision, declared));
    }
    p.m_chain = std::move(chain);
    return p;
}

} // namespace warden
