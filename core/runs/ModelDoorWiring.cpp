#include "core/runs/ModelDoorWiring.h"

#include "core/store/RunRecords.h"

#include <QPointer>

namespace warden {

ModelDoorWiring::ModelDoorWiring(RunRecorder &run, std::shared_ptr<const Declaration> declaration,
                                 const std::vector<Judge::Canary> &canaries, std::map<std::string, std::string> keys,
                                 QObject *parent)
    : QObject(parent), m_run(run)
{
    QPointer<ModelDoorWiring> self(this);
    m_door = new ModelDoor(
        std::move(declaration), canaries,
        [self](Action action, std::optional<Reason> denial,
               const std::function<void(bool, std::int64_t, std::string)> &answer) {
            if (!self)
                return;
            self->m_run.judgeAndRecord(
                std::move(action),
                [answer](const Action &judged, const Verdict &v) {
                    answer(v.decision == Decision::Allow, judged.seq,
                           v.reasons.empty() ? std::string("not allowed") : v.reasonsText());
                },
                std::move(denial));
        },
        this);
    m_door->setKeys(std::move(keys));
    m_door->setKeyLookup([self](const ModelProvider &provider, auto done) {
        if (!self) {
            done(std::nullopt, "the run is over");
            return;
        }
        // One keychain for the process: a lookup still under way when the
        // run ends finishes on it (the OS keychain's job is not cancelled).
        static Keychain *const keychain = new Keychain;
        keychain->load(Keychain::modelKeyKey(provider.origin),
                       [done](const std::optional<QString> &key, const QString &error) {
                           done(key ? std::optional(key->toStdString()) : std::nullopt,
                                error.isEmpty() ? std::string("no key kept") : error.toStdString());
                       });
    });
    connect(m_door, &ModelDoor::answered, this, &ModelDoorWiring::onAnswered);
}

void ModelDoorWiring::onAnswered(std::int64_t seq, const QString &provider, int status, const ModelTurn &turn,
                                 const QString &failure)
{
    // What the model asked for, as a reviewer reads it: canaries cut out,
    // each tool's input at most 4 KiB.
    nlohmann::json payload = turn.toJson();
    for (auto &use : payload["tool_uses"]) {
        std::string input = use["input"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        m_run.redact(input);
        if (input.size() > 4096)
            input = input.substr(0, 4096) + "…";
        use["input"] = input;
        std::string name = use["name"].get<std::string>().substr(0, 256);
        m_run.redact(name);
        use["name"] = name;
    }
    std::string why = failure.toStdString();
    m_run.redact(why);
    payload["provider"] = provider.toStdString();
    payload["status"] = status;
    payload["answers"] = seq;
    if (!why.empty())
        payload["failure"] = why;
    m_run.record({RunRecords::modelTurn(m_run.runIdentity(), seq, payload)}, [](bool) {});
}

} // namespace warden
