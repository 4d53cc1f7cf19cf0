#include "core/runs/SyscallRepeats.h"

namespace warden {

std::string SyscallRepeats::keyOf(const Action &action)
{
    nlohmann::json what = action.toJson();
    what.erase("seq");
    what.erase("time");
    return what.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool SyscallRepeats::refuseUnrecorded(const std::string &key)
{
    auto it = m_repeats.find(key);
    if (it == m_repeats.end() || it->second.recorded < kRecordedRepeats)
        return false;
    ++it->second.unrecorded;
    return true;
}

bool SyscallRepeats::isPathSearch(int pid, const std::string &path, const std::vector<std::string> &argv)
{
    auto last = m_refusedExec.find(pid);
    if (last == m_refusedExec.end() || last->second.argv != argv || last->second.path == path)
        return false;
    last->second.path = path;
    return true;
}

void SyscallRepeats::judged(const std::string &key, const Action &action, bool allowed)
{
    if (allowed || key.empty() || (!m_repeats.contains(key) && m_repeats.size() >= kMaxKeys))
        return;
    Repeated &r = m_repeats[key];
    ++r.recorded;
    r.lastSeq = action.seq;
    r.what = action.describe();
}

void SyscallRepeats::execJudged(int pid, const std::string &path, const std::vector<std::string> &argv, bool allowed)
{
    if (allowed)
        m_refusedExec.erase(pid);
    else if (m_refusedExec.contains(pid) || m_refusedExec.size() < m_maxProcesses)
        m_refusedExec[pid] = {path, argv};
}

std::vector<AuditRecord> SyscallRepeats::flush(const std::string &runId, std::int64_t seq,
                                               const std::function<void(std::string &)> &redact)
{
    std::vector<AuditRecord> records;
    for (auto &[key, r] : m_repeats) {
        if (r.unrecorded == 0)
            continue;
        std::string what = r.what;
        redact(what);
        AuditRecord record;
        record.runId = runId;
        record.type = "repeated_refusal";
        record.seq = seq;
        record.payload = nlohmann::json{{"what", what}, {"count", r.unrecorded}, {"last_recorded_seq", r.lastSeq}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
        records.push_back(std::move(record));
        r.unrecorded = 0;
    }
    return records;
}

} // namespace warden
