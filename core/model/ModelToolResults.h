#pragma once

#include "core/policy/ModelProvider.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace warden {

// The tool results an agent sends its model in one request: the newest
// ones only (a request repeats the whole conversation; what is new is what
// the agent just ran or read), each with the tool that produced it, its
// size, and the signs that it carries instructions, with the stretch of
// text around them. Read from an already parsed body; never fails: what is
// not there is not listed.
//   Anthropic   the last user message's tool_result blocks
//   OpenAI      Responses: the trailing function_call_output items;
//               Chat Completions: the trailing "tool" messages
//   Gemini      the last content's functionResponse parts
class ModelToolResults {
public:
    // `redact` cuts secrets (the run's canaries) out of each result's whole
    // text before its excerpt is taken, so that none is cut in half and kept.
    using Redact = std::function<void(std::string &)>;
    static std::vector<Action::ToolResult> read(ModelApi api, const nlohmann::json &body, const Redact &redact = {});

    // What is read of one result for its signs, and of all of a request's.
    static constexpr std::size_t kMaxScannedEach = 128 * 1024;
    static constexpr std::size_t kMaxScannedTotal = 512 * 1024;
    // A result with no sign keeps only its opening.
    static constexpr std::size_t kPlainExcerpt = 240;
};

} // namespace warden
