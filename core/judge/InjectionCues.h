#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Signs that a piece of content an agent read (a tool result: a file, a web
// page, a command's output) carries instructions for the model rather than
// data for the task: it speaks to an AI, tells it to disregard what it was
// told, asks for secrecy, hides in a comment, or asks for a download run, a
// credential, a send or a scheduled job. Heuristics over hostile text, never
// used to allow anything: they mark a likely injection point for the
// reviewer and the judge.
class InjectionCues {
public:
    struct Cue {
        std::string name; // what it is, as a reviewer reads it ("speaks to an AI assistant")
        bool strong = false;
        std::size_t at = 0; // where in the text it was first seen
    };

    // At most kMaxCues, each named once, in the order of the table.
    static std::vector<Cue> find(std::string_view text);
    // One strong cue, or two weak ones: the text reads as instructions.
    static bool carriesInstructions(const std::vector<Cue> &cues);
    static bool carriesInstructions(const std::vector<std::string> &names);
    // Whether a cue of this name is a strong one, or one this warden names
    // at all (for cues read back from a record).
    static bool isStrong(std::string_view name);
    static bool isKnown(std::string_view name);
    // How many different strong signs `names` holds: two make a hijack.
    static std::size_t strongCount(const std::vector<std::string> &names);

    static constexpr std::size_t kMaxCues = 8;
    // Only the first this-many bytes are read (ModelToolResults hands the
    // opening and the end of a long result), so the scan stays bounded.
    static constexpr std::size_t kMaxScanned = 256 * 1024;
};

} // namespace warden
