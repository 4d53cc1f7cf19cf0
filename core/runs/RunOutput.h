#pragma once

#include "core/store/AuditRecord.h"

#include <QObject>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

class QTimer;

namespace warden {

// The agent's output, kept for investigation: redacted lines recorded in
// batches ("output" records, half a second apart at most), the first
// kMaxStoredBytes of it; what is past that is counted, not stored, and the
// count said once at the end.
class RunOutput : public QObject {
    Q_OBJECT
public:
    static constexpr std::int64_t kMaxStoredBytes = 1024 * 1024;

    using Record = std::function<void(AuditRecord)>;
    // `record` stores a batch; `seq` is the run's last action when it is made.
    RunOutput(std::string runId, std::function<std::int64_t()> seq, Record record, QObject *parent = nullptr);

    // A line (redacted already), kept within the budget.
    void keep(std::string line);
    // What is kept and not yet recorded goes on record now; `last`: the run
    // has ended, so the count of what was not kept goes too.
    void flush(bool last = false);

private:
    std::string m_runId;
    std::function<std::int64_t()> m_seq;
    Record m_record;
    QTimer *m_timer;
    std::vector<std::string> m_lines;
    std::int64_t m_bytes = 0;
    std::int64_t m_dropped = 0;
    bool m_droppedRecorded = false;
};

} // namespace warden
