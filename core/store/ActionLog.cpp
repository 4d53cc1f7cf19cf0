#include "core/store/ActionLog.h"
#include "core/json/WireJson.h"

#include "core/common/Timestamp.h"

#include <algorithm>

namespace warden {

namespace {

// A stored record read back into T with T::fromJson; errors name it ("stored action 12").
template <typename T>
Result<T> readStored(std::string_view text, const char *what, std::int64_t seq)
{
    const std::string name = std::string("stored ") + what + " " + std::to_string(seq);
    auto json = WireJson::parseStored(text);
    if (json.is_discarded())
        return fail(name + " is not JSON");
    auto read = T::fromJson(json);
    if (!read)
        return fail(name + " is malformed: " + read.error().toString());
    return read;
}

} // namespace

std::string_view ActionLog::actionText(std::size_t i) const
{
    if (!m_rows[i].inArena)
        return fetched(static_cast<std::int64_t>(m_rows[i].actionAt));
    return std::string_view(m_text).substr(m_rows[i].actionAt, m_rows[i].actionSize);
}

std::string_view ActionLog::verdictText(std::size_t i) const
{
    if (!m_rows[i].judged)
        return {};
    if (!m_rows[i].inArena)
        return fetched(static_cast<std::int64_t>(m_rows[i].verdictAt));
    return std::string_view(m_text).substr(m_rows[i].verdictAt, m_rows[i].verdictSize);
}

std::string_view ActionLog::fetched(std::int64_t record) const
{
    // A few screens of rows; the whole text arrives with adoptText.
    constexpr std::size_t kMaxFetched = 4096;
    if (auto it = m_fetched.find(record); it != m_fetched.end())
        return it->second;
    std::optional<std::string> text = m_fetch ? m_fetch(record) : std::nullopt;
    if (!text)
        return {}; // shown as unreadable now, asked for again next time
    if (m_fetched.size() >= kMaxFetched)
        m_fetched.clear();
    return m_fetched.emplace(record, std::move(*text)).first->second;
}

Result<void> ActionLog::addIndexed(const IndexedRow &row)
{
    // Errors only send the reader the slow way, which names what is wrong.
    const auto where = [&row] {
        return std::string(row.isVerdict ? "stored verdict " : "stored action ") + std::to_string(row.seq);
    };
    if (!row.usable)
        return fail(where() + " cannot be indexed");
    m_textLoaded = false;
    if (row.isVerdict) {
        long i =
            !m_rows.empty() && m_rows.back().seq == row.seq ? static_cast<long>(m_rows.size()) - 1 : rowOfSeq(row.seq);
        if (i < 0)
            return fail(where() + " judges no stored action");
        auto d = decisionIndex(row.decision);
        if (!d)
            return std::unexpected(d.error());
        Row &r = m_rows[static_cast<std::size_t>(i)];
        r.declared = row.declared;
        r.decision = *d;
        r.judged = true;
        r.verdictAt = static_cast<std::uint64_t>(row.record);
        return {};
    }
    if (!m_rows.empty() && row.seq <= m_rows.back().seq)
        return fail(where() + " is out of order"); // the slow way sorts, and names a repeat
    auto kind = actionKindFromName(row.kind);
    if (!kind)
        return fail(where() + " has an unknown kind");
    Row r;
    r.seq = row.seq;
    r.kind = *kind;
    r.source = actionSourceFromName(row.source);
    r.timeMs = row.timeMs;
    r.inArena = false;
    r.actionAt = static_cast<std::uint64_t>(row.record);
    m_rows.push_back(r);
    return {};
}

Result<void> ActionLog::adoptText(std::string text, const std::vector<TextSpan> &spans)
{
    if (m_textLoaded)
        return {};
    const auto find = [&spans](std::uint64_t record) -> const TextSpan * {
        auto it = std::lower_bound(spans.begin(), spans.end(), static_cast<std::int64_t>(record),
                                   [](const TextSpan &s, std::int64_t r) { return s.record < r; });
        return it != spans.end() && it->record == static_cast<std::int64_t>(record) ? &*it : nullptr;
    };
    std::vector<Row> rows = m_rows;
    for (Row &r : rows) {
        if (r.inArena) { // appended live meanwhile: its text moves along
            const std::uint64_t at = text.size();
            text.append(std::string_view(m_text).substr(r.actionAt, r.actionSize));
            r.actionAt = at;
            if (r.judged) {
                r.verdictAt = text.size();
                text.append(std::string_view(m_text).substr(m_rows[&r - rows.data()].verdictAt, r.verdictSize));
            }
            continue;
        }
        const TextSpan *action = find(r.actionAt);
        const TextSpan *verdict = r.judged ? find(r.verdictAt) : nullptr;
        if (!action || (r.judged && !verdict))
            return fail("stored action " + std::to_string(r.seq) + " is not in the run's text");
        r.inArena = true;
        r.actionAt = action->at;
        r.actionSize = action->size;
        if (verdict) {
            r.verdictAt = verdict->at;
            r.verdictSize = verdict->size;
        }
    }
    m_rows = std::move(rows);
    m_text = std::move(text);
    m_textLoaded = true;
    m_fetched.clear();
    m_fetch = nullptr;
    return {};
}

Result<Action> ActionLog::action(std::size_t i) const
{
    return readStored<Action>(actionText(i), "action", m_rows[i].seq);
}

Result<StoredVerdict> ActionLog::verdict(std::size_t i) const
{
    if (!m_rows[i].judged)
        return StoredVerdict{};
    return readStored<StoredVerdict>(verdictText(i), "verdict", m_rows[i].seq);
}

long ActionLog::rowOfSeq(std::int64_t seq) const
{
    auto it =
        std::lower_bound(m_rows.begin(), m_rows.end(), seq, [](const Row &r, std::int64_t s) { return r.seq < s; });
    return it != m_rows.end() && it->seq == seq ? static_cast<long>(it - m_rows.begin()) : -1;
}

std::uint64_t ActionLog::keep(std::string_view text)
{
    const std::uint64_t at = m_text.size();
    m_text.append(text);
    return at;
}

Result<std::uint8_t> ActionLog::decisionIndex(std::string_view decision)
{
    auto it = std::find(m_decisions.begin(), m_decisions.end(), decision);
    if (it != m_decisions.end())
        return static_cast<std::uint8_t>(it - m_decisions.begin());
    if (m_decisions.size() > 255)
        return fail("more than 255 different decisions in one run");
    m_decisions.emplace_back(decision);
    return static_cast<std::uint8_t>(m_decisions.size() - 1);
}

Result<void> ActionLog::addStored(std::int64_t seq, std::string_view actionJson, std::string_view kind,
                                  std::string_view time, std::string_view source)
{
    const std::string where = "stored action " + std::to_string(seq);
    if (!m_rows.empty() && seq <= m_rows.back().seq)
        m_sorted = false;
    if (actionJson.size() > std::numeric_limits<std::uint32_t>::max())
        return fail(where + " is too large");
    auto k = actionKindFromName(kind);
    if (!k)
        return fail(where + " is malformed: unknown kind \"" + std::string(kind) + "\"", "/kind");
    Row r;
    r.seq = seq;
    r.kind = *k;
    r.source = actionSourceFromName(source);
    if (!time.empty()) {
        auto t = Timestamp::parse(time);
        if (!t)
            return fail(where + " is malformed: " + t.error().message, "/time");
        r.timeMs = *t;
    }
    r.actionAt = keep(actionJson);
    r.actionSize = static_cast<std::uint32_t>(actionJson.size());
    m_rows.push_back(r);
    return {};
}

Result<void> ActionLog::addStoredVerdict(std::int64_t seq, std::string_view verdictJson, bool declared,
                                         std::string_view decision)
{
    // A verdict follows its action; look further back only when it does not.
    long i = -1;
    if (!m_rows.empty() && m_rows.back().seq == seq) {
        i = static_cast<long>(m_rows.size()) - 1;
    } else if (m_sorted) {
        i = rowOfSeq(seq);
    } else {
        for (long k = static_cast<long>(m_rows.size()) - 1; k >= 0 && i < 0; --k)
            if (m_rows[static_cast<std::size_t>(k)].seq == seq)
                i = k;
    }
    if (i < 0)
        return fail("stored verdict " + std::to_string(seq) + " judges no stored action");
    if (verdictJson.size() > std::numeric_limits<std::uint32_t>::max())
        return fail("stored verdict " + std::to_string(seq) + " is too large");
    auto d = decisionIndex(decision);
    if (!d)
        return std::unexpected(d.error());
    Row &r = m_rows[static_cast<std::size_t>(i)];
    r.declared = declared;
    r.decision = *d;
    r.judged = true;
    r.verdictAt = keep(verdictJson);
    r.verdictSize = static_cast<std::uint32_t>(verdictJson.size());
    return {};
}

Result<void> ActionLog::finish()
{
    if (m_sorted)
        return {};
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.seq < b.seq; });
    auto twice =
        std::adjacent_find(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.seq == b.seq; });
    if (twice != m_rows.end())
        return fail("stored action " + std::to_string(twice->seq) + " is stored twice");
    m_sorted = true;
    return {};
}

void ActionLog::append(const Action &action, const StoredVerdict &verdict)
{
    const std::string actionJson = action.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string verdictJson = verdict.toJson(action.seq, actionKindName(action.kind))
                                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    Row r;
    r.seq = action.seq;
    r.timeMs = action.timeMs ? *action.timeMs : kNoTime;
    r.kind = action.kind;
    r.source = actionSourceFromName(action.source);
    r.declared = verdict.declared;
    r.judged = true;
    r.decision = decisionIndex(verdict.decision).value_or(0);
    r.actionAt = keep(actionJson);
    r.actionSize = static_cast<std::uint32_t>(actionJson.size());
    r.verdictAt = keep(verdictJson);
    r.verdictSize = static_cast<std::uint32_t>(verdictJson.size());
    m_rows.push_back(r);
}

void ActionLog::reserve(std::size_t rows, std::size_t textBytes)
{
    m_rows.reserve(rows);
    m_text.reserve(textBytes);
}

} // namespace warden
