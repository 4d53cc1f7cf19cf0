#pragma once

#include "core/trace/Action.h"

#include <QTabWidget>

#include <memory>

class QModelIndex;
class QPlainTextEdit;

namespace warden {
class Provenance;
struct RunDetail;
} // namespace warden

namespace warden::ui {

class ActionTableModel;
class ProvenanceView;

// Below the action table: the selected action in one plain sentence (what
// was decided and why, who approved it and when, which model turn asked for
// it) with its stored records underneath, the declaration the run was held
// to, what the agent printed, and how it happened (the chain from a tool
// result that carried instructions).
class ActionDetailPane : public QTabWidget {
    Q_OBJECT
public:
    explicit ActionDetailPane(const ActionTableModel &model, QWidget *parent = nullptr);

    // `index`: a row of the action table (any proxy over the model); invalid clears.
    void showAction(const QModelIndex &index);
    void showDeclaration(const RunDetail &run);
    // Why the run's actions happened (read with the run, off the GUI thread).
    // `sameRun`: the run on screen read again (at its end, say). A chain
    // new to the screen is brought forward, unless the reviewer has picked
    // a tab since the run was first shown.
    void showProvenance(std::shared_ptr<const Provenance> provenance, bool hasModelTurns, bool sameRun);
    ProvenanceView *provenanceView() const { return m_provenanceView; }
    // What the agent printed: the stored lines, then live ones as they come.
    void showOutput(const RunDetail &run);
    void appendOutput(const QString &line);
    QString outputText() const;
    void clear();
    QString detailText() const;
    QString declarationText() const;
    void retranslate();

    // The sentence that leads the detail of `row`.
    QString sentence(int row) const;

Q_SIGNALS:
    // A chain was brought forward: it wants room to be read.
    void chainBroughtForward();

private:
    static QString seenBy(ActionSource source);
    QString answerOf(std::int64_t seq) const;
    const ActionTableModel &m_model;
    QPlainTextEdit *m_detail;
    QPlainTextEdit *m_declaration;
    QPlainTextEdit *m_output;
    ProvenanceView *m_provenanceView;
    std::shared_ptr<const Provenance> m_provenance;
    bool m_tabPicked = false;
};

} // namespace warden::ui
