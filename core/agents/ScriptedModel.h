#pragma once

#include "core/common/Error.h"

#include <sys/types.h>

#include <memory>
#include <string>

namespace warden {

// A stand-in for a hosted model (resources/agents/scripted-model.py): it
// replays a conversation from a script over the vendors' real streaming
// APIs, on a loopback port of this machine. The real-agent demos run the
// real CLIs against it (no hosted model is asked); the tests use it as
// their test double. It ends when this object goes, and on its own when
// the warden that started it ends (its standard input closes).
class ScriptedModel {
public:
    // Starts it on `script` (a JSON file of turns); `log`, when given, gets
    // every request as one JSON line. Waits up to 10 s for its address.
    static Result<std::unique_ptr<ScriptedModel>> start(const std::string &script, const std::string &log = {});
    ~ScriptedModel();
    ScriptedModel(const ScriptedModel &) = delete;
    ScriptedModel &operator=(const ScriptedModel &) = delete;

    // http://127.0.0.1:PORT
    const std::string &url() const { return m_url; }

private:
    ScriptedModel(pid_t pid, int input, std::string url) : m_pid(pid), m_input(input), m_url(std::move(url)) {}

    pid_t m_pid;
    int m_input; // its standard input: closing it ends it
    std::string m_url;
};

} // namespace warden
