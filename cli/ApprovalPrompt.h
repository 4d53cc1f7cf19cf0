#pragma once

#include "cli/CliContext.h"

#include <QObject>

#include <functional>
#include <string>

class QSocketNotifier;

namespace warden {

// Asks the reviewer at this terminal about one approval request at a time:
// "a" approves once, "r" approves for the rest of the run, "d REASON" (or
// anything else) denies. Reads stdin through the event loop, never blocking
// it; a request decided elsewhere meanwhile is simply forgotten.
class ApprovalPrompt : public QObject {
    Q_OBJECT
public:
    // verdict: "approve", "approve_for_run" or "reject" (the control socket's words).
    using Answer = std::function<void(const std::string &id, const std::string &verdict, const std::string &reason)>;

    ApprovalPrompt(CliContext &ctx, Answer answer, QObject *parent = nullptr);

    bool busy() const { return !m_awaiting.empty(); }
    void ask(const std::string &id);
    void forget(const std::string &id);

private:
    CliContext &m_ctx;
    Answer m_answer;
    QSocketNotifier *m_stdin;
    std::string m_awaiting;
};

} // namespace warden
