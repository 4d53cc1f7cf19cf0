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
    return std::string_view(m_text).substr(m_rows[i].actionAt, m_rows[i].actionSize);
}

std::string_view ActionLog::verdictText(std::size_t i) const
{
    return std::string_view(m_text).substr(m_rows[i].verdictAt, m_rows[i].verdictSize);
}

Result<Action> ActionLog::action(std::size_t i) const
{
    return readStored<Action>(actionText(i), "action", m_rows[i].seq);
}

Result<StoredVerdict> ActionLog::verdict(std::size_t i) const
{
    if (m_rows[i].verdictSize == 0)
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
