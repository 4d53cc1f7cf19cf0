#pragma once

#include <nlohmann/json.hpp>

#include <QFrame>

class QLabel;

namespace warden::ui {

// The judge's verdict over a run, across the top of the run view: label,
// confidence, the one-sentence summary and links to the evidence actions.
class JudgementBanner : public QFrame {
    Q_OBJECT
public:
    explicit JudgementBanner(QWidget *parent = nullptr);

    void setJudgement(const nlohmann::json &judgement);
    // How the run stands. A failed run says so and why, whatever the judge
    // made of its actions before (never a green "benign" over nothing).
    void setRunState(const QString &state, const QString &reason, qint64 actions);
    void clear();
    QString text() const;

Q_SIGNALS:
    void evidenceActivated(qint64 seq);

private:
    void changeEvent(QEvent *event) override;

    void refresh();
    // "\nAlso: …" naming the findings weaker than the label, empty when none.
    static QString alsoFound(const nlohmann::json &findings, const QString &label);

    nlohmann::json m_judgement; // null when none is shown
    QString m_state;
    QString m_reason;
    qint64 m_actions = 0;
    QLabel *m_label;
    QLabel *m_summary;
    QLabel *m_evidence;
};

} // namespace warden::ui
