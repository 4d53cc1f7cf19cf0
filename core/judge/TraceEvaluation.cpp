#include "core/judge/TraceEvaluation.h"
#include "core/policy/StoredVerdict.h"

#include "core/judge/Judge.h"
#include "core/policy/PolicyEngine.h"
#include "core/trace/TraceReader.h"

namespace warden {

TraceEvaluation TraceEvaluation::evaluate(std::shared_ptr<const Declaration> declaration, std::vector<Action> actions)
{
    TraceEvaluation t;
    t.declaration = std::move(declaration);
    t.actions = std::move(actions);
    PolicyEngine engine(t.declaration);
    Judge judge;
    t.verdicts.reserve(t.actions.size());
    for (const auto &a : t.actions) {
        t.verdicts.push_back(engine.evaluate(a));
        judge.observe(a, t.verdicts.back());
    }
    t.judgement = judge.judgement();
    return t;
}

Result<TraceEvaluation> TraceEvaluation::evaluateFiles(const std::string &declarationPath, const std::string &tracePath)
{
    auto declaration = Declaration::load(declarationPath);
    if (!declaration)
        return std::unexpected(declaration.error());
    auto actions = TraceReader::load(tracePath);
    if (!actions)
        return std::unexpected(actions.error());
    return evaluate(std::make_shared<const Declaration>(std::move(*declaration)), std::move(*actions));
}

nlohmann::json TraceEvaluation::toJson() const
{
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < actions.size(); ++i)
        list.push_back(StoredVerdict::of(verdicts[i]).toJson(verdicts[i].seq, actionKindName(actions[i].kind)));
    return {{"agent", declaration->agent},
            {"declaration_sha256", declaration->sha256},
            {"actions", std::move(list)},
            {"judgement", judgement.toJson()}};
}

} // namespace warden
