#pragma once

#include "core/policy/StoredVerdict.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <QString>

namespace warden::ui {

// A live action as it arrived from a run (local or mirrored), kept while
// the view it belongs to is being read from the store.
struct LiveAction {
    QString runId;
    Action action;
    StoredVerdict verdict;
    nlohmann::json judgement;
};

} // namespace warden::ui
