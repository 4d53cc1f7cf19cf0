#pragma once

#include "core/policy/ModelProvider.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace warden {

// Tools a model provider runs itself when a request asks for them: web
// search and fetch, code execution, remote MCP servers, file search. They
// reach hosts from the provider's side, where no proxy of Warden's stands,
// so the model door takes out of a request every one its provider's
// declaration does not name under "provider_tools" (Codex CLI asks for
// web_search on every request), and the run's record says which.
//   Anthropic   "tools" entries with a server tool's "type"
//               ("web_search_20250305" is web_search), and "mcp_servers"
//   OpenAI      Responses "tools" entries of any type but function, custom,
//               local_shell and namespace (run by the client); Chat
//               Completions' "web_search_options"
//   Gemini      "tools" entries' keys other than functionDeclarations
//               (googleSearch, urlContext, codeExecution, ...)
class ProviderTools {
public:
    // The names of the provider-side tools `body` asks for, each once.
    static std::vector<std::string> find(ModelApi api, const nlohmann::json &body);
    // Takes out those not in `allowed`; returns their names.
    static std::vector<std::string> strip(ModelApi api, nlohmann::json &body, const std::vector<std::string> &allowed);
    // A name as a declaration writes it: a server tool's dated type without its date.
    static std::string nameOf(const std::string &type);
    // Models that search the web with no tool asked for (OpenAI's
    // *-search-preview and *-search-api): refused unless web_search is declared.
    static bool searchesByItself(const std::string &model);
};

} // namespace warden
