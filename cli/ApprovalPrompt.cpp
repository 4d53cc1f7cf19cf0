#include "cli/ApprovalPrompt.h"

#include <QSocketNotifier>

#include <iostream>
#include <unistd.h>

namespace warden {

ApprovalPrompt::ApprovalPrompt(CliContext &ctx, Answer answer, QObject *parent)
    : QObject(parent),
      m_ctx(ctx),
      m_answer(std::move(answer)),
      m_stdin(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    m_stdin->setEnabled(false);
    connect(m_stdin, &QSocketNotifier::activated, this, [this] {
        std::string line;
        if (!std::getline(std::cin, line)) {
            m_stdin->setEnabled(false); // stdin closed: leave the request to wardenctl approvals or its deadline
            return;
        }
        if (m_awaiting.empty())
            return;
        const std::string id = m_awaiting;
        m_awaiting.clear();
        m_stdin->setEnabled(false);
        if (line == "a" || line == "y")
            m_answer(id, "approve", {});
        else if (line == "r")
            m_answer(id, "approve_for_run", {});
        else
            m_answer(id, "reject", line.size() > 2 && line[0] == 'd' ? line.substr(2) : "denied at the terminal");
    });
}

void ApprovalPrompt::ask(const std::string &id)
{
    m_awaiting = id;
    m_ctx.out << "    [a] approve once  [r] approve for this run  [d REASON] deny > " << std::flush;
    m_stdin->setEnabled(true);
}

void ApprovalPrompt::forget(const std::string &id)
{
    if (id != m_awaiting)
        return;
    m_awaiting.clear();
    m_stdin->setEnabled(false);
}

} // namespace warden
