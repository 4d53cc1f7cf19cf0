#pragma once

#include "core/trace/Action.h"

#include <QTabWidget>

class QModelIndex;
class QPlainTextEdit;

namespace warden {
struct RunDetail;
}

namespace warden::ui {

class ActionTableModel;

// Below the action table: the selected action in one plain sentence (what
// was decided and why, who approved it and when) with its stored records
// underneath, the declaration the run was held to, and what the agent
// printed.
class ActionDetailPane : public QTabWidget {
    Q_OBJECT
public:
    explicit ActionDetailPane(const ActionTableModel &model, QWidget *parent = nullptr);

    // `index`: a row of the action table (any proxy over the model); invalid clears.
    void showAction(const QModelIndex &index);
    void showDeclaration(const RunDetail &run);
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

private:
    static QString seenBy(ActionSource source);
    const ActionTableModel &m_model;
    QPlainTextEdit *m_detail;
    QPlainTextEdit *m_declaration;
    QPlainTextEdit *m_output;
};

} // namespace warden::ui
