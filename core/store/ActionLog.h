#pragma once

#include "core/common/Error.h"
#include "core/policy/StoredVerdict.h"
#include "core/trace/Action.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace warden {

// A run's actions and verdicts as stored: their JSON text, with a compact row
// per action holding what lists and timelines need (sequence, time, kind, the
// verdict's decision and whether it was declared). An action's full form is
// parsed only when someone looks at it. A run of a million actions then
// opens without building a million Action objects (about 600 bytes each).
class ActionLog {
public:
    static constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

    struct Row {
        std::int64_t seq = 0;
        std::int64_t timeMs = kNoTime;
        std::uint64_t actionAt = 0; // the action's JSON, in the text arena
        std::uint64_t verdictAt = 0;
        std::uint32_t actionSize = 0;
        std::uint32_t verdictSize = 0;
        ActionKind kind = ActionKind::ToolCall;
        ActionSource source = ActionSource::Unknown;
        bool declared = false;
        bool judged = false;       // a verdict is stored for it
        bool inArena = true;       // its text is in the log's own text (not yet, when built from action rows)
        std::uint8_t decision = 0; // index into decisionNames(); 0 is "unjudged"
    };

    std::size_t size() const { return m_rows.size(); }
    bool empty() const { return m_rows.empty(); }
    const Row &row(std::size_t i) const { return m_rows[i]; }
    const std::string &decision(std::size_t i) const { return m_decisions[m_rows[i].decision]; }
    // The stored text. While the text is still loading (textLoaded() false)
    // a row's text is fetched on demand, and the view is valid until the
    // next call: parse or copy it first.
    std::string_view actionText(std::size_t i) const;
    std::string_view verdictText(std::size_t i) const;
    bool textLoaded() const { return m_textLoaded; }
    // Parsed on demand; a stored record that does not read back is an error.
    Result<Action> action(std::size_t i) const;
    Result<StoredVerdict> verdict(std::size_t i) const;
    // The row of `seq`, or -1 (rows are in sequence order).
    long rowOfSeq(std::int64_t seq) const;

    // Adds a stored action. Rows may come out of sequence order (a store
    // written by another warden); finish() puts them in order.
    Result<void> addStored(std::int64_t seq, std::string_view actionJson, std::string_view kind, std::string_view time,
                           std::string_view source = {});
    // Attaches a stored verdict to the action with its sequence number.
    Result<void> addStoredVerdict(std::int64_t seq, std::string_view verdictJson, bool declared,
                                  std::string_view decision);
    // After the last addStored: sorts the rows by sequence number if they
    // came out of order; two actions with one sequence number are an error.
    Result<void> finish();
    // A live action and its verdict, stored as their JSON forms.
    void append(const Action &action, const StoredVerdict &verdict);

    // Built from a run's action rows (ActionRow) alone: the rows are there at
    // once, the text of each record is fetched by `fetch` (its audit id) when
    // asked for, until adoptText brings all of it.
    using TextFetch = std::function<std::optional<std::string>(std::int64_t record)>;
    // An action row as read (views into the reader's row: no copies).
    struct IndexedRow {
        std::int64_t record = 0;
        std::int64_t seq = 0;
        bool isVerdict = false;
        bool usable = false;
        std::string_view kind, source, decision;
        std::int64_t timeMs = kNoTime;
        bool declared = false;
    };
    Result<void> addIndexed(const IndexedRow &row);
    void setTextFetch(TextFetch fetch) { m_fetch = std::move(fetch); }
    // Where each record's text is in a run's text, by audit id.
    struct TextSpan {
        std::int64_t record;
        std::uint64_t at;
        std::uint32_t size;
    };
    // `text` with `spans` sorted by record: every row's action and verdict
    // must be found there.
    Result<void> adoptText(std::string text, const std::vector<TextSpan> &spans);
    // Expected sizes, to allocate once.
    void reserve(std::size_t rows, std::size_t textBytes);

private:
    Result<std::uint8_t> decisionIndex(std::string_view decision);
    std::uint64_t keep(std::string_view text);

    std::string_view fetched(std::int64_t record) const;

    std::vector<Row> m_rows;
    std::string m_text;
    std::vector<std::string> m_decisions{"unjudged"};
    bool m_sorted = true;
    // Built from action rows, the text not yet here: Row::actionAt and
    // verdictAt hold audit ids, and m_fetch reads single records.
    bool m_textLoaded = true;
    TextFetch m_fetch;
    mutable std::unordered_map<std::int64_t, std::string> m_fetched; // at most kMaxFetched
};

} // namespace warden
