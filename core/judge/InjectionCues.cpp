#include "core/judge/InjectionCues.h"

#include "core/judge/CommandHeuristics.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <unordered_map>
#include <utility>

namespace warden {

namespace {

struct CueKind {
    const char *name;
    bool strong;
    std::initializer_list<std::string_view> phrases; // lower case, single spaces
    bool needsAddress = false;                       // counts only beside an http(s) address
};

// The phrases an instruction to a model is made of, matched as whole words
// in the text lowered (ASCII), its runs of white space made one space and
// its invisible characters taken out (so "Ignore\n  previous" and
// "ig<U+200B>nore previous" read as written).
constexpr std::size_t kKinds = 6;

const std::array<CueKind, kKinds> &kinds()
{
    static const std::array<CueKind, kKinds> table = {{
        {"speaks to an AI assistant",
         true,
         {"ai assistant", "ai assistants", "ai agent", "ai agents", "note to ai", "attention ai", "dear ai",
          "instructions for ai", "if you are an ai", "to any ai", "to all ai", "note to llm", "note to llms",
          "attention llm", "to the llm", "llms reading", "language model reading", "coding assistant", "coding agent"}},
        {"tells the model to disregard its instructions",
         true,
         {"ignore previous", "ignore all previous", "ignore the previous", "ignore prior", "ignore the above",
          "ignore your instructions", "ignore all instructions", "ignore earlier", "disregard previous",
          "disregard all", "disregard your", "disregard the above", "disregard earlier", "disregard prior",
          "forget your instructions", "forget all previous", "new instructions:", "override your",
          "your system prompt"}},
        {"asks for secrecy",
         true,
         {"do this silently", "do it silently", "silently run", "silently upload", "silently send", "do not tell",
          "don't tell", "do not mention", "don't mention", "without telling", "without asking", "without the user",
          "do not ask the user", "don't ask the user", "not inform the user", "keep this secret", "hide this from",
          "do not show the user", "don't show the user"}},
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
         {"crontab", "cron job", "/etc/cron", "cron.d", ".bashrc", ".profile", "authorized_keys", "systemctl enable",
          "/etc/rc.local", "launchd"}},
    }};
    return table;
}

constexpr const char *kPipeCue = "asks to download code and run it";
constexpr const char *kCommentCue = "hidden in an HTML comment";
constexpr const char *kInvisibleCue = "hidden in invisible characters";

constexpr std::size_t kAddress = kKinds; // "http://" or "https://": not a sign, a condition of one
using FirstAt = std::array<std::size_t, kKinds + 1>;

bool isWordByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Every phrase of every kind, found in one pass: a phrase is looked at only
// where the text holds its first two bytes, so the scan costs about the
// same for eighty phrases as for one. A phrase that starts or ends with a
// letter matches only there as a whole word ("cron job", not "acronym").
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
            for (const auto &[phrase, kind] : m_entries.at(key)) {
                if (first[kind] != std::string_view::npos || !matchesAt(text, i, phrase))
                    continue;
                const bool startsWord = !isWordByte(phrase.front()) || i == 0 || !isWordByte(text[i - 1]);
                const std::size_t end = i + phrase.size();
                const bool endsWord = !isWordByte(phrase.back()) || end >= text.size() || !isWordByte(text[end]);
                if (startsWord && endsWord)
                    first[kind] = i;
            }
        }
        for (std::size_t k = 0; k < kKinds; ++k)
            if (kinds()[k].needsAddress && first[kAddress] == std::string_view::npos)
                first[k] = std::string_view::npos;
        return first;
    }

private:
    // A space in a phrase matches the end of a line too ("ignore\nprevious").
    static bool matchesAt(std::string_view text, std::size_t at, std::string_view phrase)
    {
        if (text.size() - at < phrase.size())
            return false;
        for (std::size_t j = 0; j < phrase.size(); ++j) {
            const char t = text[at + j];
            if (phrase[j] == ' ' ? (t != ' ' && t != '\n') : t != phrase[j])
                return false;
        }
        return true;
    }
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

// The text as the phrases are matched against it (lowered, white space
// folded, invisible characters out), and where each byte came from.
struct Normalized {
    std::string text;
    std::vector<std::uint32_t> from;
};

Normalized normalize(std::string_view original)
{
    // Written by index into buffers sized once: this runs over every tool
    // result an agent sends its model, on the run's thread.
    Normalized n;
    const std::string_view in = original.substr(0, InjectionCues::kMaxScanned);
    n.text.resize(in.size());
    n.from.resize(in.size());
    char *text = n.text.data();
    std::uint32_t *from = n.from.data();
    std::size_t out = 0;
    auto next = [&](std::size_t at) { return at < in.size() ? static_cast<unsigned char>(in[at]) : 0; };
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto b = static_cast<unsigned char>(in[i]);
        if (b >= 'a' && b <= 'z') { // the common case first
            text[out] = static_cast<char>(b);
            from[out++] = static_cast<std::uint32_t>(i);
            continue;
        }
        // Zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and the soft hyphen: out.
        if ((b == 0xE2 && ((next(i + 1) == 0x80 && next(i + 2) >= 0x8B && next(i + 2) <= 0x8D) ||
                           (next(i + 1) == 0x81 && next(i + 2) == 0xA0))) ||
            (b == 0xEF && next(i + 1) == 0xBB && next(i + 2) == 0xBF)) {
            i += 2;
            continue;
        }
        if (b == 0xC2 && next(i + 1) == 0xAD) {
            ++i;
            continue;
        }
        const bool nbsp = b == 0xC2 && next(i + 1) == 0xA0;
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || nbsp) {
            // One space for a run; a line's end stays one (a command is a line).
            if (out > 0 && text[out - 1] != ' ' && text[out - 1] != '\n') {
                text[out] = b == '\n' ? '\n' : ' ';
                from[out++] = static_cast<std::uint32_t>(i);
            } else if (b == '\n' && out > 0) {
                text[out - 1] = '\n';
            }
            if (nbsp)
                ++i;
            continue;
        }
        text[out] = b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : static_cast<char>(b);
        from[out++] = static_cast<std::uint32_t>(i);
    }
    n.text.resize(out);
    n.from.resize(out);
    return n;
}

// A download piped into an interpreter, looked for line by line; a long
// line is looked at from each of its first 64 "curl" or "wget", 4 KiB each
// (the pattern is a command, not a page).
std::size_t pipeToInterpreter(std::string_view text)
{
    std::size_t at = 0;
    int windows = 0;
    while (at < text.size() && windows < 4096) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        std::size_t from = 0;
        for (int tries = 0; tries < 64; ++tries) {
            const std::size_t curl = line.find("curl", from);
            const std::size_t wget = line.find("wget", from);
            const std::size_t hit = std::min(curl, wget);
            if (hit == std::string_view::npos)
                break;
            ++windows;
            if (CommandHeuristics::isPipeToInterpreter(line.substr(hit, 4096)))
                return at + hit;
            from = hit + 4;
        }
        at = end + 1;
    }
    return std::string_view::npos;
}

// Characters a reader does not see, in a run long enough to spell something:
// zero-width spaces (U+200B, U+2060) and Unicode tags (U+E0000..U+E007F).
// The joiners (U+200C, U+200D) and the short tag run of a flag emoji are
// ordinary text.
std::size_t invisibleRun(std::string_view text)
{
    constexpr int kRun = 16;
    int run = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i + 2 < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        const auto b1 = static_cast<unsigned char>(text[i + 1]);
        const auto b2 = static_cast<unsigned char>(text[i + 2]);
        const bool zeroWidth = b0 == 0xE2 && ((b1 == 0x80 && b2 == 0x8B) || (b1 == 0x81 && b2 == 0xA0));
        const bool tag = b0 == 0xF3 && b1 == 0xA0 && (b2 == 0x80 || b2 == 0x81) && i + 3 < text.size();
        if (zeroWidth || tag) {
            if (run++ == 0)
                first = i;
            if (run >= kRun)
                return first;
            i += tag ? 4 : 3;
        } else {
            run = 0;
            ++i;
        }
    }
    return std::string_view::npos;
}

// Whether a hidden stretch (a comment) holds instructions: a strong phrase,
// or phrases of two kinds, or a download piped to a shell.
bool instructs(std::string_view hidden)
{
    const FirstAt found = phrases().scan(hidden);
    int kindsFound = 0;
    for (std::size_t k = 0; k < kKinds; ++k)
        if (found[k] != std::string_view::npos) {
            if (kinds()[k].strong)
                return true;
            ++kindsFound;
        }
    return kindsFound >= 2 || pipeToInterpreter(hidden) != std::string_view::npos;
}

// Comments a rendered page does not show: HTML's <!-- … --> and Markdown's
// "[//]: # (…)" lines. Each is read once.
std::size_t hiddenInstructions(std::string_view view)
{
    std::size_t open = view.find("<!--");
    while (open != std::string_view::npos) {
        const std::size_t close = view.find("-->", open + 4);
        if (instructs(
                view.substr(open + 4, close == std::string_view::npos ? std::string_view::npos : close - open - 4)))
            return open;
        if (close == std::string_view::npos)
            break;
        open = view.find("<!--", close + 3);
    }
    for (std::size_t at = view.find("[//]: #"); at != std::string_view::npos; at = view.find("[//]: #", at + 7)) {
        const std::size_t end = std::min(view.find('\n', at), view.size());
        if (instructs(view.substr(at + 7, end - at - 7)))
            return at;
    }
    return std::string_view::npos;
}

} // namespace

std::vector<InjectionCues::Cue> InjectionCues::find(std::string_view text)
{
    const Normalized n = normalize(text);
    const std::string_view view(n.text);
    auto original = [&](std::size_t at) { return at < n.from.size() ? static_cast<std::size_t>(n.from[at]) : 0; };
    std::vector<Cue> cues;
    const FirstAt first = phrases().scan(view);
    for (std::size_t k = 0; k < kKinds; ++k)
        if (first[k] != std::string_view::npos)
            cues.push_back({kinds()[k].name, kinds()[k].strong, original(first[k])});
    if (std::size_t at = pipeToInterpreter(view); at != std::string_view::npos)
        cues.push_back({kPipeCue, false, original(at)});
    // A comment is invisible where a person reads the page (a rendered
    // README) and plain to a model: instructions in one are hiding.
    if (std::size_t at = hiddenInstructions(view); at != std::string_view::npos)
        cues.push_back({kCommentCue, true, original(at)});
    if (std::size_t at = invisibleRun(text.substr(0, kMaxScanned)); at != std::string_view::npos)
        cues.push_back({kInvisibleCue, true, at});
    if (cues.size() > kMaxCues)
        cues.resize(kMaxCues);
    return cues;
}

bool InjectionCues::isKnown(std::string_view name)
{
    return name == kPipeCue || isStrong(name) ||
           std::any_of(kinds().begin(), kinds().end(), [&](const CueKind &k) { return name == k.name; });
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
    // Names read back from a record: only signs this warden knows count.
    std::vector<std::string> known;
    for (const auto &n : names)
        if (isKnown(n) && std::find(known.begin(), known.end(), n) == known.end())
            known.push_back(n);
    const auto strong = std::count_if(known.begin(), known.end(), [](const std::string &n) { return isStrong(n); });
    return strong >= 1 || known.size() >= 2;
}

std::size_t InjectionCues::strongCount(const std::vector<std::string> &names)
{
    std::vector<std::string> strong;
    for (const auto &n : names)
        if (isStrong(n) && std::find(strong.begin(), strong.end(), n) == strong.end())
            strong.push_back(n);
    return strong.size();
}

} // namespace warden
