#include "core/policy/ModelsParser.h"

#include "core/json/LocatedJson.h"
#include "core/policy/HostName.h"
#include "core/policy/Url.h"

#include <algorithm>

namespace warden::ModelsParser {

using nlohmann::json;

namespace {

bool validVariable(const std::string &name)
{
    return !name.empty() && name.size() <= 64 && !(name.front() >= '0' && name.front() <= '9') &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

Result<ModelProvider> parseProvider(const std::string &name, const json &spec, const std::string &pointer,
                                    const FieldReader &r, const std::vector<Destination> &destinations)
{
    if (name.empty() || name.size() > ModelProvider::kMaxName || !std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }))
        return r.error(pointer, "a model provider's name is letters, digits, '-' and '_', at most 64");
    if (!spec.is_object())
        return r.error(pointer, "must be an object with \"api\", \"url\" and \"key\"");
    if (auto ok =
            r.onlyKnown(spec, pointer, {"api", "url", "key", "names", "max_tokens", "provider_tools", "description"});
        !ok)
        return std::unexpected(ok.error());
    for (const char *field : {"api", "url", "key"})
        if (!spec.contains(field))
            return r.error(pointer + "/" + field, std::string("missing required field \"") + field + "\"");
    ModelProvider p;
    p.name = name;
    auto api = r.string(spec.at("api"), pointer + "/api");
    if (!api)
        return std::unexpected(api.error());
    auto kind = modelApiFromName(*api);
    if (!kind)
        return r.error(pointer + "/api", "must be \"anthropic\", \"openai\" or \"gemini\", not \"" + *api + "\"");
    p.api = *kind;
    auto url = r.string(spec.at("url"), pointer + "/url");
    if (!url)
        return std::unexpected(url.error());
    auto parsed = Url::parse(*url);
    if (!parsed || (parsed->scheme != "https" && parsed->scheme != "http") || url->size() > 2048)
        return r.error(pointer + "/url", "must be an http or https URL");
    if (!parsed->userinfo.empty())
        return r.error(pointer + "/url", "must not carry a user name or password");
    p.url = *url;
    while (!p.url.empty() && p.url.back() == '/')
        p.url.pop_back();
    p.host = parsed->host;
    p.port = parsed->port;
    if (!std::any_of(destinations.begin(), destinations.end(),
                     [&](const Destination &d) { return d.matches(p.host, p.port); }))
        return r.error(pointer + "/url",
                       "\"" + HostName::display(p.host, p.port) + "\" is not in \"destinations\": list it there too");
    auto key = r.string(spec.at("key"), pointer + "/key");
    if (!key)
        return std::unexpected(key.error());
    if (*key != "keychain" && (!key->starts_with("env:") || !validVariable(key->substr(4))))
        return r.error(pointer + "/key",
                       "must be \"env:VARIABLE\" (the warden's environment variable that holds the key) or "
                       "\"keychain\" (the warden's OS keychain, wardenctl model-key set URL): the key itself never "
                       "goes in a declaration");
    if (*key != "keychain")
        p.keyVariable = key->substr(4);
    // As wardenctl model-key writes it: an IPv6 address in brackets.
    p.origin = parsed->scheme + "://" + (p.host.find(':') != std::string::npos ? "[" + p.host + "]" : p.host) + ":" +
               std::to_string(p.port);
    if (spec.contains("names")) {
        auto names = r.strings(spec.at("names"), pointer + "/names");
        if (!names)
            return std::unexpected(names.error());
        for (std::size_t i = 0; i < names->size(); ++i)
            if ((*names)[i].size() > ModelProvider::kMaxModelName)
                return r.error(LocatedJson::child(pointer + "/names", i), "is longer than 128 characters");
        p.names = std::move(*names);
    }
    if (spec.contains("max_tokens")) {
        auto tokens = r.integer(spec.at("max_tokens"), pointer + "/max_tokens");
        if (!tokens)
            return std::unexpected(tokens.error());
        if (*tokens < 1)
            return r.error(pointer + "/max_tokens", "must be a positive number of tokens");
        p.maxTokens = *tokens;
    }
    if (spec.contains("provider_tools")) {
        auto tools = r.strings(spec.at("provider_tools"), pointer + "/provider_tools");
        if (!tools)
            return std::unexpected(tools.error());
        for (std::size_t i = 0; i < tools->size(); ++i) {
            const std::string &t = (*tools)[i];
            if (t.empty() || t.size() > 64 || !std::all_of(t.begin(), t.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                }))
                return r.error(LocatedJson::child(pointer + "/provider_tools", i),
                               "must be a provider tool's name (web_search, code_execution, googleSearch, ...)");
        }
        p.providerTools = std::move(*tools);
    }
    if (spec.contains("description"))
        if (auto d = r.string(spec.at("description"), pointer + "/description", false); !d)
            return std::unexpected(d.error());
    return p;
}

} // namespace

Result<std::map<std::string, ModelProvider>> parse(const json &models, const FieldReader &r,
                                                   const std::vector<Destination> &destinations)
{
    if (!models.is_object())
        return r.error("/models", "must be an object mapping provider names to how each is reached");
    std::map<std::string, ModelProvider> out;
    for (const auto &[name, spec] : models.items()) {
        const std::string pointer = LocatedJson::child("/models", name);
        auto provider = parseProvider(name, spec, pointer, r, destinations);
        if (!provider)
            return std::unexpected(provider.error());
        // The door finds the provider by the API a request speaks.
        for (const auto &[other, p] : out)
            if (p.api == provider->api)
                return r.error(pointer + "/api", std::string("\"") + other + "\" already speaks the " +
                                                     modelApiName(p.api) + " API: one provider an API");
        out.emplace(name, std::move(*provider));
    }
    return out;
}

} // namespace warden::ModelsParser
