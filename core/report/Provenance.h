#pragma once

#include "core/store/RunReader.h"
#include "core/trace/Action.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

// Why each action happened, read from a stored run: the model turn whose
// answer asked for it (the newest answer with tool uses before it), the
// tool use it matches (a Bash command and the process it ran, an MCP tool
// and its call), and the chain an incident responder follows: the tool
// result that carried instructions (the likely injection point), the turns
// after it, what they did, what was refused and what left.
//
// Built once per run, off the GUI thread: it walks the run's rows once and
// parses only the actions it shows (at most kMaxParsed).
class Provenance {
public:
    struct Step {
        std::int64_t seq = 0;
        ActionKind kind = ActionKind::ToolCall;
        std::string what;     // Action::describe()
        std::string decision; // the policy's, or "approved" for one a reviewer let go ahead
        bool declared = false;
    };
    struct ToolUse {
        std::string name;
        std::string input; // as a reviewer reads it: a shell command alone, else the JSON (cut)
        std::vector<Step> actions;
    };
    struct Turn {
        std::int64_t request = 0; // the model request whose answer this is
        std::vector<ToolUse> uses;
        std::vector<Step> unmatched; // shown actions that match none of its uses
        std::int64_t actions = 0;    // every action that followed it, shown or not
    };
    struct Chain {
        std::int64_t injection = 0; // the model request that carried the tool result
        Action::ToolResult result;
        std::vector<Turn> turns;
        std::vector<Step> refused; // after the injection point: denied, held or expired
        std::int64_t refusedCount = 0;
        std::vector<Step> left; // allowed out after it: egress, tool and MCP calls, canaries
        std::int64_t leftCount = 0;
    };
    struct Link {
        std::int64_t request = 0;
        std::string toolUse; // "Bash: curl …"; empty when no use matched
    };

    static Provenance build(const RunDetail &run);

    const std::optional<Chain> &chain() const { return m_chain; }
    // The turn that asked for `action`, if any answer with tool uses came before it.
    std::optional<Link> linkOf(const Action &action) const;
    bool empty() const { return m_turns.empty(); }

    // Model requests read looking for the injection point, and actions read
    // after it: past these the chain is drawn from what was read.
    static constexpr std::size_t kMaxParsed = 65'536;
    static constexpr std::size_t kMaxSteps = 24; // per list shown

private:
    struct Answer {
        std::int64_t request = 0;
        std::vector<std::pair<std::string, std::string>> uses; // name, input (as stored)
    };
    const Answer *answerBefore(std::int64_t seq) const;
    static int matchingUse(const Answer &answer, const Action &action);

    std::vector<Answer> m_turns; // with tool uses, in request order
    std::optional<Chain> m_chain;
};

} // namespace warden
