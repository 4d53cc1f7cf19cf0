#pragma once

#include "core/judge/Judge.h"
#include "core/model/ModelDoor.h"
#include "core/runs/RunRecorder.h"
#include "core/secrets/Keychain.h"

#include <QObject>

#include <memory>

namespace warden {

// The model door as a door of its run: each model request judged and
// recorded through the run (an action of kind `model`), and each answer's
// turn on record after it ("model_turn": the tools the model asked for,
// canaries cut out and inputs capped, why it stopped, the tokens spent).
// A key the run was not given and the warden's environment lacks is looked
// for in the warden's OS keychain, by the provider's origin.
class ModelDoorWiring : public QObject {
    Q_OBJECT
public:
    ModelDoorWiring(RunRecorder &run, std::shared_ptr<const Declaration> declaration,
                    const std::vector<Judge::Canary> &canaries, std::map<std::string, std::string> keys,
                    QObject *parent = nullptr);
    ModelDoor &door() { return *m_door; }

private:
    void onAnswered(std::int64_t seq, const QString &provider, int status, const ModelTurn &turn,
                    const QString &failure);

    RunRecorder &m_run;
    ModelDoor *m_door;
};

} // namespace warden
