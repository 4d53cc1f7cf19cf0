#include "core/policy/DeclarationExamples.h"

#include "core/policy/PolicyEngine.h"

namespace warden::DeclarationExamples {

std::vector<Error> check(const Declaration &declaration, const std::string &fileName)
{
    // The engine shares the declaration it judges; a copy keeps this
    // function's caller free to hold its declaration however it likes.
    const PolicyEngine engine(std::make_shared<const Declaration>(declaration));
    std::vector<Error> failures;
    for (const auto &example : declaration.examples) {
        const Verdict verdict = engine.evaluate(example.action);
        if (verdict.decision == example.expected)
            continue;
        std::string why = verdict.reasonsText();
        if (why.empty() && !verdict.rule.empty())
            why = "by " + verdict.rule;
        failures.push_back({fileName, example.line, example.pointer,
                            std::string("expected ") + decisionName(example.expected) + ", but the declaration says " +
                                decisionName(verdict.decision) + " for " + example.action.describe() +
                                (why.empty() ? "" : " (" + why + ")")});
    }
    return failures;
}

} // namespace warden::DeclarationExamples
