#include "core/policy/ExamplesParser.h"

namespace warden::ExamplesParser {

Result<std::vector<DeclarationExample>> parse(const nlohmann::json &examples, const FieldReader &r)
{
    if (!examples.is_object())
        return r.error("/examples", "must be an object with \"allow\", \"deny\" and \"approval\" lists of actions");
    if (auto ok = r.onlyKnown(examples, "/examples", {"allow", "deny", "approval"}); !ok)
        return std::unexpected(ok.error());
    std::vector<DeclarationExample> out;
    for (const auto &[key, expected] : {std::pair{"allow", Decision::Allow}, std::pair{"deny", Decision::Deny},
                                        std::pair{"approval", Decision::ApprovalRequired}}) {
        if (!examples.contains(key))
            continue;
        const std::string list = std::string("/examples/") + key;
        const nlohmann::json &actions = examples.at(key);
        if (!actions.is_array())
            return r.error(list, "must be a list of actions in the trace format");
        for (std::size_t i = 0; i < actions.size(); ++i) {
            const std::string pointer = list + "/" + std::to_string(i);
            if (out.size() >= kMaxExamples)
                return r.error(pointer, "more than " + std::to_string(kMaxExamples) + " examples");
            nlohmann::json object = actions[i];
            if (!object.is_object())
                return r.error(pointer, "an example is an action object, as in a trace");
            if (!object.contains("seq"))
                object["seq"] = out.size() + 1;
            auto action = Action::fromJson(object);
            if (!action)
                return r.error(pointer + action.error().field, action.error().message);
            out.push_back({expected, std::move(*action), pointer, r.error(pointer, {}).error().line});
        }
    }
    return out;
}

} // namespace warden::ExamplesParser
