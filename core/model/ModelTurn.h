#pragma once

#include "core/policy/ModelProvider.h"

#include <nlohmann/json.hpp>

#include <QMetaType>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// What one model answer said, read from the bytes the provider sent (a JSON
// body, or server-sent events as they were streamed): the tools the model
// asked the agent to use (name and input), why it stopped, and the tokens
// the exchange cost. What cannot be read is left empty: the answer went to
// the agent whatever this makes of it.
struct ModelTurn {
    struct ToolUse {
        std::string name;
        nlohmann::json input; // as the model wrote it (a string when it was not JSON)
    };
    std::vector<ToolUse> toolUses;
    std::string stopReason;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;

    static constexpr std::size_t kMaxToolUses = 64;

    // `contentType`: the answer's; `bytes`: the answer (at most what the
    // door kept of it).
    static ModelTurn read(ModelApi api, std::string_view contentType, std::string_view bytes);
    nlohmann::json toJson() const;
};

} // namespace warden

Q_DECLARE_METATYPE(warden::ModelTurn)
