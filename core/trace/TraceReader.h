#pragma once

#include "core/common/Error.h"
#include "core/trace/Action.h"

#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Reads a JSONL trace: one action per line, blank lines skipped. Errors name
// the file and line. Sequence numbers must strictly increase, so a re-judged
// trace means the same thing as the run it came from.
class TraceReader {
public:
    static constexpr std::size_t kMaxLineBytes = 1024 * 1024;

    static Result<std::vector<Action>> parse(std::string_view text, std::string_view fileName);
    static Result<std::vector<Action>> load(const std::string &path);
};

} // namespace warden
