#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// The model APIs the model door speaks: Anthropic Messages, OpenAI
// (Responses and Chat Completions) and Gemini.
enum class ModelApi { Anthropic, OpenAI, Gemini };

const char *modelApiName(ModelApi api);
// The variable an agent of `api` reads its key from (ANTHROPIC_API_KEY,
// OPENAI_API_KEY, GEMINI_API_KEY), and how the vendor's keys start: behind
// the model door it holds a stand-in of that shape, a canary.
const char *modelKeyVariable(ModelApi api);
const char *modelKeyPrefix(ModelApi api);
std::optional<ModelApi> modelApiFromName(std::string_view name);

// A model provider the agent may reach through the model door (declaration
// field "models"): which API, the provider's base URL (its destination
// declared), where the warden finds the real key (never in the
// declaration, never in the sandbox), which model names may be asked for,
// and how many tokens one run may spend.
struct ModelProvider {
    std::string name;
    ModelApi api = ModelApi::Anthropic;
    std::string url;  // the base URL, without a trailing "/"
    std::string host; // canonical
    int port = 0;
    // "key": "env:VAR": the warden's environment variable VAR, else the
    // keychain's entry for the provider's origin; "key": "keychain": that
    // entry only (wardenctl model-key set URL keeps it).
    std::string keyVariable;
    std::string origin;             // scheme://host:port, the keychain entry's name
    std::vector<std::string> names; // allowed model names ("claude-*"); empty: any
    std::int64_t maxTokens = 0;     // per run, input and output together; 0: no budget
    // Tools the provider runs itself that requests may keep (web_search,
    // code_execution, googleSearch, ...): the door takes out all others.
    std::vector<std::string> providerTools;

    static constexpr std::size_t kMaxName = 64;
    static constexpr std::size_t kMaxModelName = 128;

    // Whether `model` is one the declaration allows: a name as written, or
    // a prefix ending in "*".
    bool allows(std::string_view model) const;
};

} // namespace warden
