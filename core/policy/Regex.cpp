#include "core/policy/Regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace warden {

struct Regex::Code {
    pcre2_code *code = nullptr;
    pcre2_match_context *context = nullptr;
    ~Code()
    {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

Result<Regex> Regex::compile(std::string_view pattern, Anchor anchor)
{
    uint32_t options = PCRE2_UTF | PCRE2_UCP;
    if (anchor == Anchor::Full)
        options |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &errorCode,
                                     &errorOffset, nullptr);
    if (!code) {
        PCRE2_UCHAR buffer[256];
        pcre2_get_error_message(errorCode, buffer, sizeof buffer);
        return fail("invalid regular expression \"" + std::string(pattern) + "\" at offset " +
                    std::to_string(errorOffset) + ": " + reinterpret_cast<const char *>(buffer));
    }
    // JIT is an optimisation; if it is unavailable the interpreter is used.
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    auto shared = std::make_shared<Code>();
    shared->code = code;
    shared->context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(shared->context, 1'000'000);
    pcre2_set_depth_limit(shared->context, 10'000);

    Regex r;
    r.m_code = std::move(shared);
    r.m_pattern = std::string(pattern);
    return r;
}

Regex::Outcome Regex::match(std::string_view subject) const
{
    pcre2_match_data *data = pcre2_match_data_create_from_pattern(m_code->code, nullptr);
    if (!data)
        return Outcome::Error;
    int rc = pcre2_match(m_code->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data,
                         m_code->context);
    pcre2_match_data_free(data);
    if (rc >= 0)
        return Outcome::Match;
    if (rc == PCRE2_ERROR_NOMATCH)
        return Outcome::NoMatch;
    return Outcome::Error;
}

} // namespace warden
