#include "core/judge/InjectionCues.h"

#include "core/judge/CommandHeuristics.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <unordered_map>
#include <utility>

namespace warden {

namespace {

struct CueKind {
    const char *name;
    bool strong;
    std::initializer_list<std::string_view> phrases; // lower case
    bool needsAddress = false;                       // counts only beside an http(s) address
};

// The phrases an instruction to a model is made of. Lower case; the text is
// lowerPrefix (ASCII) before the search.
constexpr std::size_t kKinds = 6;

const std::array<CueKind, kKinds> &kinds()
{
    static const std::array<CueKind, kKinds> table = {{
        {"speaks to an AI assistant",
         true,
         {"ai assistant", "ai agent", "ai model", "note to ai", "attention ai", "dear ai", "instructions for ai",
          "if you are an ai", "to any ai", "to all ai", "ai coding", "coding assistant", "coding agent"}},
        {"tells the model to disregard its instructions",
         true,
         {"ignore previous", "ignore all previous", "ignore the previous", "ignore prior", "ignore the above",
          "ignore your instructions", "ignore all instructions", "disregard previous", "disregard all",
          "disregard your", "forget your instructions", "forget all previous", "new instructions:", "override your",
          "your system prompt"}},
        {"asks for secrecy",
         true,
         {"silently", "do not tell", "don't tell", "do not mention", "don't mention", "without telling",
          "without asking", "do not ask the user", "don't ask the user", "not inform the user", "keep this secret",
          "hide this from", "do not show the user", "don't show the user"}},
        {"names credentials",
         false,
         {".aws/credentials", ".ssh/id_", "id_rsa", "id_ed25519", ".netrc", ".git-credentials", ".docker/config.json",
          "credentials", "api key", "api_key", "private key", "password", "secret key", "access token"}},
        {"asks to send data to an address",
         false,
         {"upload", "send it", "send the", "send them", "post it", "post the", "post them", "exfiltrate", "submit the",
          "forward the", "curl -d", "curl --data", "--data-binary", "-x post"},
         true},
        {"asks for a scheduled or start-up job",
         false,
         {"cron", ".bashrc", ".profile", "authorized_keys", "systemctl enable", "/etc/rc.local", "launchd"}},
    }};
    return table;
}

constexpr const char *kPipeCue = "asks to download code and run it";
constexpr const char *kCommentCue = "hidden in an HTML comment";
constexpr const char *kInvisibleCue = "hidden in invisible characters";

std::string lowerPrefix(std::string_view text)
{
    std::string out(text.substr(0, InjectionCues::kMaxScanned));
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

constexpr std::size_t kAddress = kKinds; // "http://" or "https://": not a sign, a condition of one
using FirstAt = std::array<std::size_t, kKinds + 1>;

// Every phrase of every kind, found in one pass: a phrase is looked at only
// where the text holds its first two bytes, so the scan costs about the
// same for eighty phrases as for one.
class PhraseIndex {
public:
    PhraseIndex()
    {
        for (std::size_t k = 0; k < kKinds; ++k)
            for (std::string_view phrase : kinds()[k].phrases)
                add(phrase, k);
        add("http://", kAddress);
        add("https://", kAddress);
    }
    FirstAt scan(std::string_view text) const
    {
        FirstAt first;
        first.fill(std::string_view::npos);
        for (std::size_t i = 0; i + 1 < text.size(); ++i) {
            const std::uint16_t key = keyOf(text[i], text[i + 1]);
            if (!m_has[key])
                continue;
            for (const auto &[phrase, kind] : m_entries.at(key))
                if (first[kind] == std::string_view::npos && text.compare(i, phrase.size(), phrase) == 0)
                    first[kind] = i;
        }
        for (std::size_t k = 0; k < kKinds; ++k)
            if (kinds()[k].needsAddress && first[kAddress] == std::string_view::npos)
                first[k] = std::string_view::npos;
        return first;
    }

private:
    static std::uint16_t keyOf(char a, char b)
    {
        return static_cast<std::uint16_t>(static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b));
    }
    void add(std::string_view phrase, std::size_t kind)
    {
        const std::uint16_t key = keyOf(phrase[0], phrase[1]);
        m_has[key] = true;
        m_entries[key].emplace_back(phrase, kind);
    }
    std::array<bool, 65536> m_has{};
    std::unordered_map<std::uint16_t, std::vector<std::pair<std::string_view, std::size_t>>> m_entries;
};

const PhraseIndex &phrases()
{
    static const PhraseIndex index;
    return index;
}

// A download piped into an interpreter, looked for line by line (a line of
// at most 4 KiB: the pattern is a command, not a page).
std::size_t pipeToInterpreter(std::string_view text)
{
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, std::min<std::size_t>(end - at, 4096));
        if ((line.find("curl") != std::string_view::npos || line.find("wget") != std::string_view::npos ||
             line.find("fetch") != std::string_view::npos) &&
            CommandHeuristics::isPipeToInterpreter(line))
            return at;
        at = end + 1;
    }
    return std::string_view::npos;
}

// Characters a reader does not see: zero-width ones (U+200B..U+200D, U+2060)
// and Unicode tags (U+E0000..U+E007F), which can spell a whole instruction.
std::size_t invisibleRun(std::string_view text)
{
    int count = 0;
    std::size_t first = std::string_view::npos;
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        const auto b1 = static_cast<unsigned char>(text[i + 1]);
        const auto b2 = static_cast<unsigned char>(text[i + 2]);
        const bool zeroWidth = b0 == 0xE2 && ((b1 == 0x80 && b2 >= 0x8B && b2 <= 0x8D) || (b1 == 0x81 && b2 == 0xA0));
        const bool tag = b0 == 0xF3 && b1 == 0xA0 && (b2 == 0x80 || b2 == 0x81);
        if (zeroWidth || tag) {
            first = std::min(first, i);
            if (++count >= 4)
                return first;
        }
    }
    return std::string_view::npos;
}

} // namespace

std::vector<InjectionCues::Cue> InjectionCues::find(std::string_view text)
{
    const std::string low = lowerPrefix(text);
    const std::string_view view(low);
    std::vector<Cue> cues;
    const FirstAt first = phrases().scan(view);
    for (std::size_t k = 0; k < kKinds; ++k)
        if (first[k] != std::string_view::npos)
            cues.push_back({kinds()[k].name, kinds()[k].strong, first[k]});
    if (std::size_t at = pipeToInterpreter(view); at != std::string_view::npos)
        cues.push_back({kPipeCue, false, at});
    // An HTML comment is invisible where a person reads the page (a rendered
    // README) and plain to a model: instructions in one are hiding.
    // Each comment is read once, from its opening to its close (a comment
    // that opens another inside it is still one comment).
    std::size_t open = view.find("<!--");
    while (open != std::string_view::npos) {
        const std::size_t close = view.find("-->", open + 4);
        const std::string_view body =
            view.substr(open + 4, close == std::string_view::npos ? std::string_view::npos : close - open - 4);
        const FirstAt inComment = phrases().scan(body);
        const bool instructs = std::any_of(inComment.begin(), inComment.begin() + kKinds,
                                           [](std::size_t at) { return at != std::string_view::npos; }) ||
                               pipeToInterpreter(body) != std::string_view::npos;
        if (instructs) {
            cues.push_back({kCommentCue, true, open});
            break;
        }
        if (close == std::string_view::npos)
            break;
        open = view.find("<!--", close + 3);
    }
    if (std::size_t at = invisibleRun(text.substr(0, kMaxScanned)); at != std::string_view::npos)
        cues.push_back({kInvisibleCue, true, at});
    if (cues.size() > kMaxCues)
        cues.resize(kMaxCues);
    return cues;
}

bool InjectionCues::isStrong(std::string_view name)
{
    if (name == kCommentCue || name == kInvisibleCue)
        return true;
    return std::any_of(kinds().begin(), kinds().end(), [&](const CueKind &k) { return k.strong && name == k.name; });
}

bool InjectionCues::carriesInstructions(const std::vector<Cue> &cues)
{
    const auto strong = std::count_if(cues.begin(), cues.end(), [](const Cue &c) { return c.strong; });
    return strong >= 1 || cues.size() >= 2;
}

bool InjectionCues::carriesInstructions(const std::vector<std::string> &names)
{
    const auto strong = std::count_if(names.begin(), names.end(), [](const std::string &n) { return isStrong(n); });
    return strong >= 1 || names.size() >= 2;
}

} // namespace warden
