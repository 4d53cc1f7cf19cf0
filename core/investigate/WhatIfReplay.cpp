#include "core/investigate/WhatIfReplay.h"

#include "core/common/JoinOnExit.h"
#include "core/common/ParallelFor.h"
#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/judge/Judge.h"
#include "core/policy/PolicyEngine.h"
#include "core/policy/StoredVerdict.h"
#include "core/store/AuditVerifier.h"
#include "core/store/RunSummaryFold.h"
#include "core/trace/Action.h"

#include <algorithm>
#include <future>
#include <unordered_map>
#include <unordered_set>

namespace warden {

bool RunWhatIf::opensMaliciousRun() const
{
    if (storedLabel != labelName(Label::Malicious) && !(problem.empty() && before.label == Label::Malicious))
        return false;
    return nowAllowsSomething;
}

namespace {

// A selected run while the chain is walked.
struct RunState {
    RunWhatIf result;
    // The engine of the run's own declaration, shared by the runs that had
    // the same one; null when it no longer reads.
    std::shared_ptr<const PolicyEngine> own;
    // Let go of when the run ends, so that many short runs cost little.
    std::optional<Judge> before = Judge();
    std::optional<Judge> after = Judge();
    bool ended = false;
    std::int64_t lastSeq = 0;
    std::string unreadable; // the first stored action that did not read
    // Actions decided again whose stored verdict has not come yet (a live
    // run records the verdict after the action, sometimes records later).
    struct Pending {
        std::optional<Decision> before; // none without the run's own declaration
        Verdict after;
        Action action; // described only if its decision changes
    };
    std::unordered_map<std::int64_t, Pending> pending;
    std::size_t kept = 0; // changes kept in full
};

// One record of a selected run, in chain order; the parallel phase fills
// what the sequential one needs.
struct Item {
    enum class Type : std::uint8_t { Action, Verdict, Judgement, Violation, End };
    Type type;
    RunState *run;
    std::int64_t seq;
    std::string payload;
    std::optional<Action> action;
    Verdict before;
    Verdict after;
    std::string stored; // a verdict's decision, a judgement's label
};

void decide(Item &item, const PolicyEngine &next)
{
    if (item.type == Item::Type::Verdict && !item.stored.empty())
        return; // read at the walk
    const auto json = WireJson::parseStored(item.payload);
    item.payload.clear();
    item.payload.shrink_to_fit();
    if (item.type == Item::Type::Action) {
        auto action = json.is_discarded() ? Result<Action>(fail("not JSON")) : Action::fromJson(json);
        if (!action)
            return; // fold() names it, and what-if refuses to answer for the run
        item.after = next.evaluate(*action);
        if (item.run->own)
            item.before = item.run->own->evaluate(*action);
        item.action = std::move(*action);
    } else if (item.type == Item::Type::Verdict) {
        if (auto v = json.is_discarded() ? Result<StoredVerdict>(fail("not JSON")) : StoredVerdict::fromJson(json))
            item.stored = v->decision;
    } else if (item.type == Item::Type::Judgement) {
        item.stored = JsonLookup::stringOr(json, "label");
    }
}

// A stored verdict's decision without building its tree: the writer stores
// canonical JSON (keys sorted), so a verdict starts {"decision":"WORD",. A
// payload of any other shape is read the slow way. The chain's hash proves
// the bytes are the writer's.
std::optional<std::string> decisionAtStart(std::string_view payload)
{
    constexpr std::string_view head = R"({"decision":")";
    if (!payload.starts_with(head))
        return std::nullopt;
    const std::string_view rest = payload.substr(head.size());
    const auto end = rest.find('"');
    if (end == std::string_view::npos || end == 0 || end > 32 || rest.size() <= end + 1 || rest[end + 1] != ',')
        return std::nullopt;
    const std::string_view word = rest.substr(0, end);
    if (!std::all_of(word.begin(), word.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
        return std::nullopt;
    return std::string(word);
}

bool isFinalState(const std::string &payload)
{
    return RunSummaryFold::endsTheRun(JsonLookup::stringOr(WireJson::parseStored(payload), "state"));
}

// The run's verdicts, and what it never decided; its judges let go.
void finish(RunState &run)
{
    if (run.ended)
        return;
    run.ended = true;
    run.result.before = run.before->judgement();
    run.result.after = run.after->judgement();
    run.result.unanswered = static_cast<std::int64_t>(run.pending.size());
    run.pending = {};
    run.before.reset();
    run.after.reset();
}

// In chain order: the judges see the actions as the live judge did.
void fold(Item &item)
{
    RunState &run = *item.run;
    if (run.ended)
        return;
    switch (item.type) {
    case Item::Type::End: finish(run); return;
    case Item::Type::Action: {
        ++run.result.actions;
        run.lastSeq = item.seq;
        if (!item.action) {
            // Not compared is not "unchanged": what-if refuses to answer.
            if (run.unreadable.empty())
                run.unreadable = "stored action " + std::to_string(item.seq) + " does not read as an action";
            return;
        }
        item.before.seq = item.after.seq = item.seq;
        if (run.own)
            run.before->observe(*item.action, item.before);
        run.after->observe(*item.action, item.after);
        run.pending[item.seq] = {run.own ? std::optional(item.before.decision) : std::nullopt, std::move(item.after),
                                 std::move(*item.action)};
        return;
    }
    case Item::Type::Verdict: {
        auto it = run.pending.find(item.seq);
        if (it == run.pending.end())
            return;
        // A change is the declaration's: the same engine under the run's
        // own declaration and under the new one.
        const std::string now = decisionName(it->second.after.decision);
        const std::string before = it->second.before ? decisionName(*it->second.before) : item.stored;
        if (item.stored.empty() && run.unreadable.empty())
            run.unreadable = "the stored verdict on action " + std::to_string(item.seq) + " does not read";
        if (!item.stored.empty() && before != now) {
            RunWhatIf &r = run.result;
            ++r.changed;
            ++r.moves[before + " -> " + now];
            r.nowAllowsSomething = r.nowAllowsSomething || it->second.after.decision == Decision::Allow;
            if (r.changes.size() < run.kept)
                r.changes.push_back({item.seq, actionKindName(it->second.action.kind), it->second.action.describe(),
                                     before, now, item.stored != before ? item.stored : std::string(),
                                     it->second.after.rule, it->second.after.reasonsText()});
        }
        run.pending.erase(it);
        return;
    }
    case Item::Type::Judgement:
        if (!item.stored.empty())
            run.result.storedLabel = item.stored;
        return;
    case Item::Type::Violation:
        run.before->observeProtocolViolation(run.lastSeq);
        run.after->observeProtocolViolation(run.lastSeq);
        return;
    }
}

} // namespace

Result<WhatIfReport> WhatIfReplay::replay(const std::string &databasePath, std::shared_ptr<const Declaration> next,
                                          const WhatIfSelection &selection)
{
    const PolicyEngine engine(std::move(next));
    const std::unordered_set<std::string> wanted(selection.runIds.begin(), selection.runIds.end());
    std::vector<std::unique_ptr<RunState>> runs;
    std::unordered_map<std::string, RunState *> byId;
    // One engine per distinct declaration (by its SHA-256), not per run.
    std::unordered_map<std::string, Result<std::shared_ptr<const PolicyEngine>>> engines;

    // A block is at most this many records, or this many bytes of them.
    constexpr std::size_t kBlock = 65536;
    constexpr std::size_t kBlockBytes = 64 << 20;
    std::size_t fillingBytes = 0;
    std::vector<Item> filling;
    std::vector<Item> working;
    std::future<void> inFlight;
    // A block in flight ends before its items go, whichever way this returns.
    const JoinOnExit join(inFlight);
    // Decided on every core, then folded in order; the next block is only
    // handed over once this one is folded, so the judges see chain order.
    const auto handOver = [&] {
        if (inFlight.valid())
            inFlight.get();
        // Two buffers taking turns: a block's memory is reused, not mapped
        // and faulted in again (a block is some 50 MB of items).
        std::swap(working, filling);
        filling.clear();
        filling.reserve(kBlock);
        fillingBytes = 0;
        inFlight = std::async(std::launch::async, [&working, &engine] {
            parallelFor(working.size(), [&](std::size_t from, std::size_t to) {
                for (std::size_t i = from; i < to; ++i)
                    decide(working[i], engine);
            });
            for (auto &item : working)
                fold(item);
        });
    };

    const auto visit = [&](const AuditRecord &r) {
        if (r.type == "run_started") {
            if (!wanted.empty() && !wanted.contains(r.runId))
                return;
            if (selection.sinceMs && r.timeMs < *selection.sinceMs)
                return;
            const auto json = WireJson::parseStored(r.payload);
            const auto text = [&](const char *key) { return JsonLookup::stringOr(json, key); };
            if (!selection.agent.empty() && text("agent") != selection.agent)
                return;
            auto run = std::make_unique<RunState>();
            run->kept = selection.changesKept;
            run->result.runId = r.runId;
            run->result.agent = text("agent");
            run->result.startedMs = r.timeMs;
            run->result.declarationSha256 = text("declaration_sha256");
            const std::string declaration = text("declaration");
            const std::string sha = run->result.declarationSha256 + ":" + std::to_string(declaration.size());
            auto cached = engines.find(sha);
            if (cached == engines.end() || run->result.declarationSha256.empty()) {
                auto own = Declaration::parse(declaration, "run " + r.runId + "'s declaration");
                Result<std::shared_ptr<const PolicyEngine>> engineOf =
                    own ? Result<std::shared_ptr<const PolicyEngine>>(std::make_shared<const PolicyEngine>(
                              std::make_shared<const Declaration>(std::move(*own))))
                        : std::unexpected(own.error());
                cached = engines.insert_or_assign(sha, std::move(engineOf)).first;
            }
            if (cached->second)
                run->own = *cached->second;
            else
                run->result.problem = "its own declaration no longer reads (" + cached->second.error().toString() +
                                      "), so the verdict under it is not known";
            byId[r.runId] = run.get();
            runs.push_back(std::move(run));
            return;
        }
        Item::Type type;
        if (r.type == "action")
            type = Item::Type::Action;
        else if (r.type == "verdict")
            type = Item::Type::Verdict;
        else if (r.type == "judgement")
            type = Item::Type::Judgement;
        else if (r.type == "protocol_violation")
            type = Item::Type::Violation;
        else if (r.type == "run_state" && isFinalState(r.payload))
            type = Item::Type::End; // the run's judges can go
        else
            return;
        auto it = byId.find(r.runId);
        if (it == byId.end())
            return;
        auto decision = type == Item::Type::Verdict ? decisionAtStart(r.payload) : std::nullopt;
        if (decision || type == Item::Type::End) {
            filling.push_back({type, it->second, r.seq, {}, std::nullopt, {}, {}, decision.value_or("")});
        } else {
            filling.push_back({type, it->second, r.seq, r.payload, std::nullopt, {}, {}, {}});
            fillingBytes += r.payload.size();
        }
        if (filling.size() >= kBlock || fillingBytes >= kBlockBytes)
            handOver();
    };

    AuditVerifier::Walk walk;
    walk.visit = visit;
    walk.checkActionRows = false; // what-if reads the chain, never the rows
    auto verified = AuditVerifier::verify(databasePath, walk);
    handOver();
    inFlight.get();
    if (!verified)
        return std::unexpected(verified.error());
    if (!verified->intact)
        return fail("the audit store does not verify, and what-if reads only a verified history: " +
                        verified->sentence(),
                    {}, 0, databasePath);
    for (const auto &id : selection.runIds)
        if (!byId.contains(id))
            return fail("run " + id + " is not in the verified history, or the other options left it out", "--runs", 0,
                        databasePath);

    WhatIfReport report;
    report.recordsVerified = verified->records;
    for (auto &run : runs) {
        if (!run->unreadable.empty())
            return fail("run " + run->result.runId + ": " + run->unreadable +
                            ", so what-if cannot say what the new declaration would do with it",
                        {}, 0, databasePath);
        finish(*run); // a run still going, or one that never ended
        report.actions += run->result.actions;
        report.runs.push_back(std::move(run->result));
    }
    return report;
}

} // namespace warden
