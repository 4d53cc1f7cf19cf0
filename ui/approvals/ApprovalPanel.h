#pragma once

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace warden {
class ApprovalQueue;
}

namespace warden::ui {

class ApprovalQueueModel;

// The reviewer's queue: one card per pending request (agent, tool,
// parameters, justification, the rule that asked, the judge's view of the
// run, time left) and the three decisions, all on the keyboard:
// J/K next and previous, A approve once, R approve for this run, D deny (a
// reason is required and goes back to the agent).
class ApprovalPanel : public QWidget {
    Q_OBJECT
public:
    // Asks the reviewer for a denial reason; nullopt when they cancel.
    using ReasonPrompt = std::function<std::optional<QString>(QWidget *parent)>;
    // The judge's current view of a run, for the card.
    using JudgeView = std::function<QString(const QString &runId)>;

    ApprovalPanel(ApprovalQueue &queue, QString reviewer, QWidget *parent = nullptr);

    void setReasonPrompt(ReasonPrompt prompt) { m_reasonPrompt = std::move(prompt); }
    void setJudgeView(JudgeView view) { m_judgeView = std::move(view); }
    ApprovalQueueModel *model() const { return m_model; }

    void approveCurrent(bool forRun);
    void denyCurrent();
    void selectNext(int step);

Q_SIGNALS:
    void decisionFailed(const QString &message);

private:
    void showCurrent();
    QString currentId() const;

    ApprovalQueue &m_queue;
    QString m_reviewer;
    ApprovalQueueModel *m_model;
    QListView *m_list;
    QLabel *m_card;
    QPlainTextEdit *m_params;
    QPushButton *m_approve;
    QPushButton *m_approveRun;
    QPushButton *m_deny;
    ReasonPrompt m_reasonPrompt;
    JudgeView m_judgeView;
};

} // namespace warden::ui
