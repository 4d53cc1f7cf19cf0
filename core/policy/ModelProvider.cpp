#include "core/policy/ModelProvider.h"

namespace warden {

const char *modelApiName(ModelApi api)
{
    switch (api) {
    case ModelApi::Anthropic: return "anthropic";
    case ModelApi::OpenAI: return "openai";
    case ModelApi::Gemini: return "gemini";
    }
    return "?";
}

const char *modelKeyVariable(ModelApi api)
{
    switch (api) {
    case ModelApi::Anthropic: return "ANTHROPIC_API_KEY";
    case ModelApi::OpenAI: return "OPENAI_API_KEY";
    case ModelApi::Gemini: return "GEMINI_API_KEY";
    }
    return "";
}

const char *modelKeyPrefix(ModelApi api)
{
    switch (api) {
    case ModelApi::Anthropic: return "sk-ant-api03-";
    case ModelApi::OpenAI: return "sk-proj-";
    case ModelApi::Gemini: return "AIza";
    }
    return "";
}

std::optional<ModelApi> modelApiFromName(std::string_view name)
{
    if (name == "anthropic")
        return ModelApi::Anthropic;
    if (name == "openai")
        return ModelApi::OpenAI;
    if (name == "gemini")
        return ModelApi::Gemini;
    return std::nullopt;
}

bool ModelProvider::allows(std::string_view model) const
{
    if (model.empty() || model.size() > kMaxModelName)
        return false;
    if (names.empty())
        return true;
    for (const std::string &n : names) {
        if (!n.empty() && n.back() == '*' ? model.starts_with(std::string_view(n).substr(0, n.size() - 1)) : model == n)
            return true;
    }
    return false;
}

} // namespace warden
