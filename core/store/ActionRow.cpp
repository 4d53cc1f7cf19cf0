#include "core/store/ActionRow.h"

#include "core/common/Timestamp.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoredFields.h"
#include "core/trace/Action.h"

namespace warden {

std::optional<ActionRow> ActionRow::of(const AuditRecord &record)
{
    const bool action = record.type == "action";
    if (!action && record.type != "verdict")
        return std::nullopt;
    ActionRow row;
    row.runId = record.runId;
    row.record = record.id;
    row.seq = record.seq;
    row.isVerdict = !action;
    using Type = StoredFields::Type;
    if (action) {
        const StoredFields f = StoredFields::read(record.payload, "kind", "time", "source");
        const bool typed = f.error.empty() && f.first.type == Type::String &&
                           (f.second.type == Type::Absent || f.second.type == Type::String) &&
                           (f.third.type == Type::Absent || f.third.type == Type::String);
        if (!typed || !actionKindFromName(f.first.text))
            return row; // unusable: readers take the slow way, which says why
        if (f.second.type == Type::String) {
            auto t = Timestamp::parse(f.second.text);
            if (!t)
                return row;
            row.timeMs = *t;
        }
        row.kind = f.first.text;
        row.source = f.third.text;
    } else {
        const StoredFields f = StoredFields::read(record.payload, "decision", "declared");
        if (!f.error.empty() || f.first.type != Type::String ||
            (f.second.type != Type::Absent && f.second.type != Type::Boolean))
            return row;
        row.decision = f.first.text;
        row.declared = f.second.flag;
    }
    row.usable = true;
    return row;
}

void ActionRow::bindTo(SqliteStatement &insert) const
{
    insert.bind(1, runId).bind(2, record).bind(3, seq).bind(4, std::int64_t(isVerdict));
    // Unusable rows keep NULL where a reader needs a value.
    if (!usable || isVerdict)
        insert.bindNull(5).bindNull(6).bindNull(7);
    else {
        insert.bind(5, kind);
        timeMs ? insert.bind(6, *timeMs) : insert.bindNull(6);
        insert.bind(7, source);
    }
    if (!usable || !isVerdict)
        insert.bindNull(8).bindNull(9);
    else
        insert.bind(8, decision).bind(9, std::int64_t(declared));
}

ActionRow ActionRow::read(const SqliteStatement &row, int first)
{
    ActionRow r;
    r.runId = std::string(row.columnText(first));
    r.record = row.columnInt(first + 1);
    r.seq = row.columnInt(first + 2);
    r.isVerdict = row.columnInt(first + 3) != 0;
    if (r.isVerdict) {
        r.usable = !row.columnIsNull(first + 7) && !row.columnIsNull(first + 8);
        r.decision = std::string(row.columnText(first + 7));
        r.declared = row.columnInt(first + 8) != 0;
    } else {
        r.usable = !row.columnIsNull(first + 4) && !row.columnIsNull(first + 6);
        r.kind = std::string(row.columnText(first + 4));
        if (!row.columnIsNull(first + 5))
            r.timeMs = row.columnInt(first + 5);
        r.source = std::string(row.columnText(first + 6));
    }
    return r;
}

std::string ActionRow::canonical() const
{
    // Length-prefixed fields: no value can imitate a separator.
    std::string out;
    auto put = [&out](const std::string &s) { out += std::to_string(s.size()) + ':' + s; };
    put(runId);
    put(std::to_string(record));
    put(std::to_string(seq));
    put(isVerdict ? "v" : "a");
    put(usable ? "u" : "-");
    if (usable && !isVerdict) {
        put(kind);
        put(timeMs ? std::to_string(*timeMs) : std::string("none"));
        put(source);
    }
    if (usable && isVerdict) {
        put(decision);
        put(declared ? "1" : "0");
    }
    return out;
}

} // namespace warden
