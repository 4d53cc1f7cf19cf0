#pragma once

#include <QElapsedTimer>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

class QLabel;
class QTreeView;
class QPlainTextEdit;
class QPushButton;

namespace warden {
class ApprovalQueue;
struct ApprovalRequest;
struct Declaration;
} // namespace warden

namespace warden::ui {

class ApprovalQueueModel;

// The reviewer's queue: one card per pending request (agent, tool,
// parameters set beside the declaration with what the agent chose
// highlighted, justification, the rule that asked, the judge's view of the
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
    // The declaration a run is held to (null when not at hand).
    using DeclarationOf = std::function<std::shared_ptr<const Declaration>(const QString &runId)>;

    // Asks the person at the console for their name, once (nullopt: cancelled).
    using NamePrompt = std::function<std::optional<QString>(QWidget *parent)>;

    // `reviewer`: the name chosen earlier, empty when nobody has chosen one
    // yet (it is then asked at the first decision, never guessed).
    ApprovalPanel(ApprovalQueue &queue, QString reviewer, QWidget *parent = nullptr);

    // How long a card must have been in front of the reviewer before a
    // decision applies to it: a card that just appeared or moved into place
    // ignores the click or key meant for the one before.
    static constexpr int kSettleMs = 600;

    void setReasonPrompt(ReasonPrompt prompt) { m_reasonPrompt = std::move(prompt); }
    void setNamePrompt(NamePrompt prompt) { m_namePrompt = std::move(prompt); }
    void setReviewer(const QString &name);
    QString reviewer() const { return m_reviewer; }
    // Whether a decision now would apply (a pending card, shown long enough).
    bool acceptsDecision() const;
    void setJudgeView(JudgeView view) { m_judgeView = std::move(view); }
    void setDeclarationOf(DeclarationOf lookup) { m_declarationOf = std::move(lookup); }
    ApprovalQueueModel *model() const { return m_model; }

    void approveCurrent(bool forRun);
    void denyCurrent();
    void selectNext(int step);

Q_SIGNALS:
    void decisionFailed(const QString &message);
    // The person named themselves: kept for the next start.
    void reviewerChosen(const QString &name);

private:
    // An escaped identifier with a line-break chance after each separator.
    static QString breakable(const QString &identifier);
    void showCurrent();
    // The pending request with the nearest deadline, unless the reviewer
    // picked another pending one with J/K moments ago.
    void selectMostUrgent();
    // The request a decision would apply to: the card on screen, pending
    // and settled; empty (and said why) otherwise.
    QString decidable();
    bool ensureReviewer();
    void retranslate();
    void changeEvent(QEvent *event) override;
    // The request's parameters against its run's declaration, as a table.
    QString comparisonHtml(const ApprovalRequest &request);
    // Keeps each queued run's declaration, so a card still compares after its run ends.
    void rememberDeclarations();

    ApprovalQueue &m_queue;
    QString m_reviewer;
    ApprovalQueueModel *m_model;
    QTreeView *m_list;
    QLabel *m_card;
    QLabel *m_comparison;
    QPlainTextEdit *m_params;
    QPushButton *m_approve;
    QPushButton *m_approveRun;
    QPushButton *m_deny;
    QPushButton *m_clearExpired;
    QLabel *m_decidingAs;
    ReasonPrompt m_reasonPrompt;
    NamePrompt m_namePrompt;
    QString m_shownId;            // the request whose card is on screen
    QElapsedTimer m_shownSince;   // since that card came into view
    QElapsedTimer m_pickedByHand; // since the reviewer last pressed J or K
    JudgeView m_judgeView;
    DeclarationOf m_declarationOf;
    std::map<std::string, std::shared_ptr<const Declaration>> m_declarations; // run id ->
};

} // namespace warden::ui
