#include "core/runs/Canaries.h"

#include <algorithm>

#include <QRandomGenerator>

namespace warden::Canaries {

namespace {

std::string randomText(int length, const char *alphabet)
{
    const int n = static_cast<int>(std::char_traits<char>::length(alphabet));
    std::string out;
    for (int i = 0; i < length; ++i)
        out += alphabet[QRandomGenerator::system()->bounded(n)];
    return out;
}

} // namespace

std::vector<Judge::Canary> generate(const std::vector<std::pair<std::string, std::string>> &setByRun,
                                    const std::vector<std::pair<std::string, std::string>> &standIns)
{
    static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::vector<Judge::Canary> canaries = {{"OPENAI_API_KEY", "sk-proj-" + randomText(40, alnum)},
                                           {"AWS_ACCESS_KEY_ID", "AKIA" + randomText(16, upper)},
                                           {"AWS_SECRET_ACCESS_KEY", randomText(40, alnum)},
                                           {"GITHUB_TOKEN", "ghp_" + randomText(36, alnum)}};
    std::erase_if(canaries, [&](const Judge::Canary &c) {
        return std::any_of(setByRun.begin(), setByRun.end(), [&](const auto &kv) { return kv.first == c.name; }) ||
               std::any_of(standIns.begin(), standIns.end(), [&](const auto &kv) { return kv.first == c.name; });
    });
    for (const auto &[variable, prefix] : standIns)
        canaries.push_back({variable, prefix + randomText(48, alnum)});
    return canaries;
}

std::vector<std::pair<std::string, std::string>> standInKeys(const Declaration &declaration)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &[name, provider] : declaration.models)
        out.emplace_back(modelKeyVariable(provider.api), modelKeyPrefix(provider.api));
    return out;
}

} // namespace warden::Canaries
