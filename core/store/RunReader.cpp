#include "core/store/RunReader.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/store/ActionRow.h"

#include "core/common/JoinOnExit.h"
#include "core/common/ParallelFor.h"
#include "core/common/Timestamp.h"
#include "core/store/SqliteStatement.h"
#include "core/store/StoreSchema.h"
#include "core/store/StoredFields.h"

#include <algorithm>
#include <future>
#include <optional>
#include <unistd.h>

namespace warden {

namespace {

constexpr const char *kSummaryColumns = "run_id, agent, source, host, state, started_ms, ended_ms, actions, label, "
                                        "confidence, summary, declaration_sha256";

RunSummary summaryFrom(const SqliteStatement &stmt)
{
    RunSummary s;
    s.runId = stmt.columnText(0);
    s.agent = stmt.columnText(1);
    s.source = stmt.columnText(2);
    s.host = stmt.columnText(3);
    s.state = stmt.columnText(4);
    s.startedMs = stmt.columnInt(5);
    if (!stmt.columnIsNull(6))
        s.endedMs = stmt.columnInt(6);
    s.actions = stmt.columnInt(7);
    s.label = stmt.columnText(8);
    s.confidence = stmt.columnDouble(9);
    s.summary = stmt.columnText(10);
    s.declarationSha256 = stmt.columnText(11);
    return s;
}

} // namespace

Result<RunReader> RunReader::open(const std::string &databasePath)
{
    if (::access(databasePath.c_str(), R_OK) != 0)
        return fail("no audit store here (record a run first, or pass --db)", {}, 0, databasePath);
    auto db = SqliteConnection::open(databasePath, SqliteConnection::Mode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    return RunReader(std::move(*db));
}

namespace {

Result<std::vector<RunSummary>> summariesOf(SqliteStatement &stmt)
{
    std::vector<RunSummary> runs;
    if (auto read = stmt.eachRow([&] { runs.push_back(summaryFrom(stmt)); }); !read)
        return std::unexpected(read.error());
    return runs;
}

} // namespace

Result<std::vector<RunSummary>> RunReader::listRuns(int limit)
{
    auto stmt = m_db->prepare(std::string("SELECT ") + kSummaryColumns + " FROM runs ORDER BY started_ms DESC LIMIT ?");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, static_cast<std::int64_t>(limit));
    return summariesOf(*stmt);
}

Result<std::vector<RunSummary>> RunReader::searchRuns(const std::string &text, int limit)
{
    // instr() rather than LIKE: the reviewer's text has no wildcards to escape.
    auto stmt =
        m_db->prepare(std::string("SELECT ") + kSummaryColumns +
                      " FROM runs WHERE instr(lower(agent), lower(?1)) > 0 OR instr(lower(summary), lower(?1)) > 0"
                      " OR run_id IN (SELECT DISTINCT run_id FROM audit WHERE instr(lower(payload), lower(?1)) > 0)"
                      " ORDER BY started_ms DESC LIMIT ?2");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, text);
    stmt->bind(2, static_cast<std::int64_t>(limit));
    return summariesOf(*stmt);
}

Result<std::string> RunReader::resolveRunId(const std::string &runId)
{
    if (runId.size() < 4)
        return fail("run id \"" + runId + "\" is too short (give at least 4 characters)");
    auto stmt = m_db->prepare("SELECT run_id FROM runs WHERE substr(run_id, 1, ?) = ? LIMIT 2");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, static_cast<std::int64_t>(runId.size())).bind(2, runId);
    std::vector<std::string> found;
    if (auto read = stmt->eachRow([&] { found.emplace_back(stmt->columnText(0)); }); !read)
        return std::unexpected(read.error());
    if (found.empty())
        return fail("no run \"" + runId + "\" in the store");
    if (found.size() > 1)
        return fail("run id \"" + runId + "\" is ambiguous; give more characters");
    return found.front();
}

Result<RunDetail> RunReader::loadRun(const std::string &runIdOrPrefix)
{
    auto runId = resolveRunId(runIdOrPrefix);
    if (!runId)
        return std::unexpected(runId.error());
    RunDetail d;
    d.summary.runId = *runId;
    // Actions and verdicts are nearly all of a run: their JSON is parsed in
    // parallel, a block of rows at a time, in the order they were stored.
    auto parseBlock = [&](std::vector<StoredRecord> &block) -> Result<void> {
        std::vector<std::optional<Action>> actions(block.size());
        std::vector<StoredVerdict> verdicts(block.size());
        std::vector<std::string> errors(block.size());
        parallelFor(block.size(), [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                auto json = WireJson::parseStored(block[i].payload);
                if (json.is_discarded()) {
                    errors[i] = "not JSON";
                } else if (!block[i].isAction) {
                    if (auto v = StoredVerdict::fromJson(json))
                        verdicts[i] = std::move(*v);
                    else
                        errors[i] = v.error().toString();
                } else if (auto a = Action::fromJson(json)) {
                    actions[i] = std::move(*a);
                } else {
                    errors[i] = a.error().toString();
                }
            }
        });
        for (std::size_t i = 0; i < block.size(); ++i) {
            if (!errors[i].empty())
                return fail("stored " + std::string(block[i].isAction ? "action " : "verdict ") +
                                std::to_string(block[i].seq) + " is malformed: " + errors[i],
                            {}, 0, m_db->path());
            if (block[i].isAction)
                d.actions.push_back(std::move(*actions[i]));
            else
                d.verdicts.push_back(std::move(verdicts[i]));
        }
        return {};
    };
    if (auto read = readRecords(*runId, d, parseBlock); !read)
        return std::unexpected(read.error());
    d.summary.actions = static_cast<std::int64_t>(d.actions.size());
    addIndexedSummary(*runId, d.summary);
    return d;
}

Result<void> RunReader::readRecords(const std::string &runId, RunDetail &d,
                                    const std::function<Result<void>(std::vector<StoredRecord> &)> &takeBlock)
{
    auto stmt = m_db->prepare("SELECT type, seq, payload, time_ms FROM audit WHERE run_id = ? ORDER BY id");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, runId);
    std::vector<StoredRecord> block;
    auto hand = [&]() -> Result<void> {
        auto taken = takeBlock(block);
        block.clear();
        return taken;
    };
    try {
        while (true) {
            auto row = stmt->step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row)
                break;
            const std::string_view type = stmt->columnText(0);
            if (type == "action" || type == "verdict") {
                block.push_back({type == "action", stmt->columnInt(1), std::string(stmt->columnText(2))});
                if (block.size() >= 65536)
                    if (auto ok = hand(); !ok)
                        return ok;
                continue;
            }
            readRunRecord(type, stmt->columnText(2), stmt->columnInt(3), d);
        }
        return hand();
    } catch (const std::exception &e) {
        return fail(std::string("stored run is malformed: ") + e.what(), {}, 0, m_db->path());
    }
}

void RunReader::addIndexedSummary(const std::string &runId, RunSummary &summary)
{
    // The log is the truth for what it holds; the summary adds timing and the verdict.
    auto runs = m_db->prepare(std::string("SELECT ") + kSummaryColumns + " FROM runs WHERE run_id = ?");
    if (!runs)
        return;
    runs->bind(1, runId);
    if (auto row = runs->step(); row && *row) {
        RunSummary fromIndex = summaryFrom(*runs);
        summary.host = fromIndex.host;
        summary.startedMs = fromIndex.startedMs;
        summary.endedMs = fromIndex.endedMs;
        summary.label = fromIndex.label;
        summary.confidence = fromIndex.confidence;
        summary.summary = fromIndex.summary;
    }
}

void RunReader::readRunRecord(std::string_view type, std::string_view payloadText, std::int64_t timeMs, RunDetail &d)
{
    // Throws on a malformed record; the callers turn that into an error.
    auto payload = WireJson::parseStored(payloadText);
    if (payload.is_discarded())
        throw std::runtime_error("a stored " + std::string(type) + " record is not JSON or nests too deep");
    if (type == "judgement") {
        d.judgement = std::move(payload);
    } else if (type == "run_started") {
        d.declarationText = payload.at("declaration").get<std::string>();
        d.summary.agent = payload.at("agent").get<std::string>();
        d.summary.source = payload.at("source").get<std::string>();
        d.summary.declarationSha256 = payload.at("declaration_sha256").get<std::string>();
    } else if (type == "run_state") {
        d.summary.state = payload.at("state").get<std::string>();
        d.stateReason = JsonLookup::stringOr(payload, "reason");
    } else if (type == "output") {
        // The agent's output as recorded (redacted, at most 1 MiB a run);
        // bounded here too, whatever a store holds.
        if (const nlohmann::json *lines = JsonLookup::find(payload, "lines"); lines && lines->is_array())
            for (const auto &line : *lines) {
                if (line.is_string() && d.output.size() < RunDetail::kMaxOutputLines)
                    d.output.push_back(line.get<std::string>());
                else
                    ++d.outputNotStored;
            }
        if (const nlohmann::json *more = JsonLookup::find(payload, "not_stored"); more && more->is_number_unsigned())
            d.outputNotStored += more->get<std::int64_t>();
    } else if (type == "model_turn") {
        if (d.modelTurns.size() < RunDetail::kMaxModelTurns && payload.is_object())
            d.modelTurns.push_back(std::move(payload));
    } else if (type == "approval") {
        // When this word was recorded: for a decision, when it was decided.
        payload["recorded"] = Timestamp::format(timeMs);
        const std::string id = JsonLookup::stringOr(payload, "id");
        auto same = std::find_if(d.approvals.begin(), d.approvals.end(),
                                 [&](const nlohmann::json &a) { return JsonLookup::stringOr(a, "id") == id; });
        if (same != d.approvals.end())
            *same = std::move(payload);
        else
            d.approvals.push_back(std::move(payload));
    }
}

Result<RunDetail> RunReader::loadRunLog(const std::string &runIdOrPrefix)
{
    auto runId = resolveRunId(runIdOrPrefix);
    if (!runId)
        return std::unexpected(runId.error());
    RunDetail d;
    d.summary.runId = *runId;
    // Sized from the index's count: one allocation instead of twenty doublings.
    if (auto count = m_db->prepare("SELECT actions FROM runs WHERE run_id = ?")) {
        count->bind(1, *runId);
        if (auto row = count->step(); row && *row)
            d.log.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(count->columnInt(0), 0, 50'000'000)), 0);
    }
    auto malformed = [&](const std::string &what) { return fail(what, {}, 0, m_db->path()); };
    // Each action and verdict gives up only the fields of the index, read by
    // a SAX pass over its text; the text itself is kept whole and parsed when
    // a row is looked at. A block is scanned on all cores while the next one
    // is read from SQLite.
    std::vector<StoredRecord> scanned;
    std::vector<StoredFields> fields;
    std::future<void> scanning;
    // Waits for the block in flight and adds its rows to the log.
    auto finishScan = [&]() -> Result<void> {
        if (!scanning.valid())
            return {};
        scanning.get();
        for (std::size_t i = 0; i < scanned.size(); ++i) {
            const StoredRecord &p = scanned[i];
            const StoredFields &f = fields[i];
            const std::string what =
                std::string(p.isAction ? "stored action " : "stored verdict ") + std::to_string(p.seq);
            if (!f.error.empty())
                return malformed(what + " is malformed: " + f.error);
            Result<void> added;
            if (p.isAction) {
                if (f.first.type != StoredFields::Type::String ||
                    (f.second.type != StoredFields::Type::Absent && f.second.type != StoredFields::Type::String) ||
                    (f.third.type != StoredFields::Type::Absent && f.third.type != StoredFields::Type::String))
                    return malformed(what + " is malformed: kind, time and source are text");
                added = d.log.addStored(p.seq, p.payload, f.first.text, f.second.text, f.third.text);
            } else {
                if (f.first.type != StoredFields::Type::String ||
                    (f.second.type != StoredFields::Type::Absent && f.second.type != StoredFields::Type::Boolean))
                    return malformed(what + " is malformed: decision is text, declared true or false");
                added = d.log.addStoredVerdict(p.seq, p.payload, f.second.flag, f.first.text);
            }
            if (!added)
                return malformed(added.error().toString());
        }
        return {};
    };
    // A scan in flight must end before its block goes out of scope, whichever way this returns.
    const JoinOnExit join(scanning);
    auto scanBlock = [&](std::vector<StoredRecord> &block) -> Result<void> {
        if (auto ok = finishScan(); !ok)
            return ok;
        scanned = std::move(block);
        fields.assign(scanned.size(), {});
        scanning = std::async(std::launch::async, [&scanned, &fields] {
            parallelFor(scanned.size(), [&](std::size_t from, std::size_t to) {
                for (std::size_t i = from; i < to; ++i)
                    fields[i] = scanned[i].isAction ? StoredFields::read(scanned[i].payload, "kind", "time", "source")
                                                    : StoredFields::read(scanned[i].payload, "decision", "declared");
            });
        });
        return {};
    };
    if (auto read = readRecords(*runId, d, scanBlock); !read)
        return std::unexpected(read.error());
    if (auto ok = finishScan(); !ok)
        return std::unexpected(ok.error());
    if (auto ordered = d.log.finish(); !ordered)
        return malformed(ordered.error().toString());
    d.summary.actions = static_cast<std::int64_t>(d.log.size());
    addIndexedSummary(*runId, d.summary);
    return d;
}

Result<RunDetail> RunReader::loadRunIndex(const std::string &runIdOrPrefix)
{
    auto runId = resolveRunId(runIdOrPrefix);
    if (!runId)
        return std::unexpected(runId.error());
    if (!StoreSchema::hasActionRows(*m_db))
        return loadRunLog(*runId); // a store no writer of schema 2 has opened yet
    RunDetail d;
    d.summary.runId = *runId;
    std::int64_t expected = -1;
    if (auto count = m_db->prepare("SELECT actions FROM runs WHERE run_id = ?")) {
        count->bind(1, *runId);
        if (auto row = count->step(); row && *row) {
            expected = count->columnInt(0);
            d.log.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, 50'000'000)), 0);
        }
    }
    // Two halves by record, read at once on two connections (SQLite steps
    // a row in about half a microsecond, two million rows for a million
    // actions): the first straight into the log, the second kept aside.
    std::int64_t first = 0, last = -1;
    if (auto range = m_db->prepare("SELECT MIN(record), MAX(record) FROM action_rows WHERE run_id = ?")) {
        range->bind(1, *runId);
        if (auto row = range->step(); row && *row && !range->columnIsNull(0)) {
            first = range->columnInt(0);
            last = range->columnInt(1);
        }
    }
    const std::int64_t middle = first + (last - first) / 2;
    // The second half, kept compact until the first is in: the few distinct
    // words (kinds, sources, decisions) once each, rows pointing at them.
    struct Kept {
        std::int64_t record, seq, timeMs;
        std::uint16_t kind, source, decision;
        bool isVerdict, usable, declared;
    };
    std::vector<Kept> later;
    std::vector<std::string> words;
    const auto wordOf = [&words](std::string_view w) -> std::uint16_t {
        for (std::size_t i = 0; i < words.size(); ++i)
            if (words[i] == w)
                return static_cast<std::uint16_t>(i);
        words.emplace_back(w);
        return static_cast<std::uint16_t>(words.size() - 1);
    };
    const auto readRange = [&runId](SqliteConnection &db, std::int64_t from, std::int64_t to,
                                    const std::function<void(ActionLog::IndexedRow &)> &take) -> Result<void> {
        auto rows = db.prepare("SELECT record, seq, is_verdict, kind, time_ms, source, decision, declared FROM "
                               "action_rows WHERE run_id = ? AND record >= ? AND record <= ? ORDER BY record");
        if (!rows)
            return std::unexpected(rows.error());
        rows->bind(1, *runId).bind(2, from).bind(3, to);
        return rows->eachRow([&] {
            ActionLog::IndexedRow r;
            r.record = rows->columnInt(0);
            r.seq = rows->columnInt(1);
            r.isVerdict = rows->columnInt(2) != 0;
            r.usable = r.isVerdict ? !rows->columnIsNull(6) && !rows->columnIsNull(7)
                                   : !rows->columnIsNull(3) && !rows->columnIsNull(5);
            r.kind = rows->columnText(3);
            r.timeMs = rows->columnIsNull(4) ? ActionLog::kNoTime : rows->columnInt(4);
            r.source = rows->columnText(5);
            r.decision = rows->columnText(6);
            r.declared = rows->columnInt(7) != 0;
            take(r);
        });
    };
    auto second = std::async(std::launch::async, [&]() -> Result<void> {
        if (last < 0)
            return {};
        auto db = SqliteConnection::open(m_db->path(), SqliteConnection::Mode::ReadOnly);
        if (!db)
            return std::unexpected(db.error());
        // About half the run's rows (its ids may spread over a busy store's).
        later.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, 50'000'000)));
        return readRange(*db, middle + 1, last, [&](ActionLog::IndexedRow &r) {
            if (words.size() >= 256) { // not the few words a log repeats: the slow way
                r.usable = false;
                later.push_back({r.record, r.seq, r.timeMs, 0, 0, 0, r.isVerdict, false, r.declared});
                return;
            }
            later.push_back({r.record, r.seq, r.timeMs, wordOf(r.kind), wordOf(r.source), wordOf(r.decision),
                             r.isVerdict, r.usable, r.declared});
        });
    });
    bool complete = true;
    auto read = last < 0 ? Result<void>() : readRange(*m_db, first, middle, [&](ActionLog::IndexedRow &r) {
        complete = complete && d.log.addIndexed(r).has_value();
    });
    Result<void> readLater;
    try {
        readLater = second.get();
    } catch (const std::exception &e) { // out of memory on the second half
        return fail(std::string("cannot read the run's action rows: ") + e.what(), {}, 0, m_db->path());
    }
    if (!readLater)
        return std::unexpected(readLater.error());
    for (const Kept &k : later) {
        if (!complete)
            break;
        ActionLog::IndexedRow r;
        r.record = k.record;
        r.seq = k.seq;
        r.timeMs = k.timeMs;
        r.isVerdict = k.isVerdict;
        r.usable = k.usable;
        r.declared = k.declared;
        if (!words.empty()) {
            r.kind = words[k.kind];
            r.source = words[k.source];
            r.decision = words[k.decision];
        }
        complete = d.log.addIndexed(r).has_value();
    }
    std::vector<Kept>().swap(later);
    if (!read)
        return std::unexpected(read.error());
    if (!complete || static_cast<std::int64_t>(d.log.size()) != expected || (expected > 0 && d.log.textLoaded()))
        return loadRunLog(*runId); // rows missing (stored before them), unreadable or out of order
    // The rest of the run's records that a view reads (each type over the
    // run's index, never stepping past its million actions).
    auto others = m_db->prepare("SELECT type, seq, payload, time_ms FROM audit WHERE run_id = ? AND type IN "
                                "('run_started', 'run_state', 'judgement', 'output', 'model_turn', 'approval') "
                                "ORDER BY id");
    if (!others)
        return std::unexpected(others.error());
    others->bind(1, *runId);
    try {
        auto each = others->eachRow(
            [&] { readRunRecord(others->columnText(0), others->columnText(2), others->columnInt(3), d); });
        if (!each)
            return std::unexpected(each.error());
    } catch (const std::exception &e) {
        return fail(std::string("stored run is malformed: ") + e.what(), {}, 0, m_db->path());
    }
    d.summary.actions = static_cast<std::int64_t>(d.log.size());
    addIndexedSummary(*runId, d.summary);
    return d;
}

Result<RunReader::RunText> RunReader::loadRunText(const std::string &runIdOrPrefix)
{
    auto runId = resolveRunId(runIdOrPrefix);
    if (!runId)
        return std::unexpected(runId.error());
    auto stmt = m_db->prepare("SELECT id, payload FROM audit WHERE run_id = ? AND type IN ('action', 'verdict') "
                              "ORDER BY id");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, *runId);
    RunText out;
    auto read = stmt->eachRow([&] {
        const std::string_view text = stmt->columnText(1);
        out.spans.push_back({stmt->columnInt(0), out.text.size(),
                             static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), UINT32_MAX))});
        out.text.append(text);
    });
    if (!read)
        return std::unexpected(read.error());
    return out;
}

std::optional<std::string> RunReader::recordText(std::int64_t record)
{
    auto stmt = m_db->prepare("SELECT payload FROM audit WHERE id = ? AND type IN ('action', 'verdict')");
    if (!stmt)
        return std::nullopt;
    stmt->bind(1, record);
    auto row = stmt->step();
    if (!row || !*row)
        return std::nullopt;
    return std::string(stmt->columnText(0));
}

Result<std::int64_t> RunReader::exportTrace(const std::string &runIdOrPrefix, std::ostream &out)
{
    auto runId = resolveRunId(runIdOrPrefix);
    if (!runId)
        return std::unexpected(runId.error());
    auto stmt = m_db->prepare("SELECT payload FROM audit WHERE run_id = ? AND type = 'action' ORDER BY seq");
    if (!stmt)
        return std::unexpected(stmt.error());
    stmt->bind(1, *runId);
    std::int64_t count = 0;
    auto read = stmt->eachRow([&] {
        out << stmt->columnText(0) << '\n';
        ++count;
    });
    if (!read)
        return std::unexpected(read.error());
    if (!out)
        return fail("cannot write the trace");
    return count;
}

} // namespace warden
