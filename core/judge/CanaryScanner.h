#pragma once

#include "core/trace/Action.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Finds canary values in outbound text, as written or encoded the ways an
// agent would smuggle them: hex (either case), base64 and base64url at any
// alignment inside a longer encoded string, percent-encoding and the
// backslash escapes of JSON, JavaScript and Python strings (`\u0041KIA…`,
// `\x41…`), each decoded before searching, so one escaped character and a
// fully escaped value are both caught.
// Values shorter than 8 bytes are ignored: too short to be unique.
class CanaryScanner {
public:
    struct Canary {
        std::string name;
        std::string value;
    };

    explicit CanaryScanner(const std::vector<Canary> &canaries);

    // Names of the canaries found in `text`, each once, in declaration order.
    std::vector<std::string> find(std::string_view text) const;
    bool empty() const { return m_entries.empty(); }

    // Cuts every canary out of `text`, leaving "[canary NAME sha256:PREFIX]"
    // (the name, and a hash prefix that matches the value without revealing
    // it). A string that still holds one in a form that cannot be cut out
    // (percent-encoded, mixed-case hex) is replaced whole. True if it changed.
    bool redact(std::string &text) const;
    // The same for every string (and key) inside a JSON value.
    bool redact(nlohmann::json &value) const;
    // The same for every text of an action a view or the store shows.
    void redact(Action &action) const;

private:
    struct Entry {
        std::string name;
        std::string marker;                    // what replaces the value
        std::vector<std::string> needles;      // searched as is
        std::vector<std::string> lowerNeedles; // searched in the lower-cased text (hex)
    };
    std::vector<Entry> m_entries;
};

} // namespace warden
