#include "core/runs/RunOutput.h"

#include <QTimer>

#include <nlohmann/json.hpp>

namespace warden {

RunOutput::RunOutput(std::string runId, std::function<std::int64_t()> seq, Record record, QObject *parent)
    : QObject(parent),
      m_runId(std::move(runId)),
      m_seq(std::move(seq)),
      m_record(std::move(record)),
      m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
}

void RunOutput::keep(std::string line)
{
    const auto bytes = static_cast<std::int64_t>(line.size()) + 1;
    if (m_bytes + bytes > kMaxStoredBytes) {
        ++m_dropped;
    } else {
        m_bytes += bytes;
        m_lines.push_back(std::move(line));
    }
    if (!m_timer->isActive())
        m_timer->start();
}

void RunOutput::flush(bool last)
{
    m_timer->stop();
    const bool dropNote = last && m_dropped > 0 && !m_droppedRecorded;
    if (m_lines.empty() && !dropNote)
        return;
    AuditRecord r;
    r.runId = m_runId;
    r.type = "output";
    r.seq = m_seq();
    nlohmann::json payload = {{"lines", std::move(m_lines)}};
    if (dropNote) {
        payload["not_stored"] = m_dropped; // lines past the run's output budget
        m_droppedRecorded = true;
    }
    m_lines.clear();
    r.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    m_record(std::move(r));
}

} // namespace warden
