#pragma once

#include "core/common/Error.h"

#include <memory>
#include <string>
#include <string_view>

namespace warden {

// A compiled PCRE2 pattern (UTF-8, JIT where available) that many threads may
// match against at once: the compiled code is shared and read-only, and each
// match allocates its own match data. Matching is bounded by a match limit so
// a pathological pattern cannot stall the policy engine; callers see a limit
// hit (or invalid UTF-8) as Error and decide which way is closed for them.
class Regex {
public:
    enum class Anchor { Search, Full };

    static Result<Regex> compile(std::string_view pattern, Anchor anchor);

    enum class Outcome { Match, NoMatch, Error };

    Outcome match(std::string_view subject) const;
    const std::string &pattern() const { return m_pattern; }

private:
    struct Code;
    std::shared_ptr<const Code> m_code;
    std::string m_pattern;
};

} // namespace warden
