#pragma once

#include "ui/live/AgentLaunch.h"
#include "ui/live/CustomRunDialog.h"

#include <QDialog>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace warden::ui {

// Asks for a run of a real agent CLI: which one (those not installed are
// named with the command that installs them), the workspace it works in,
// the prompt, its model's base URL, where it runs and, optionally, a
// declaration of the person's own instead of the one Warden ships.
class AgentRunDialog : public QDialog {
    Q_OBJECT
public:
    // dockerHosts: the Docker engines on the Hosts screen.
    AgentRunDialog(const QString &defaultHost, const std::vector<CustomRunDialog::RemoteHost> &dockerHosts,
                   QWidget *parent = nullptr);

    std::optional<AgentLaunch> request() const;
    // What was asked before, and why it did not start (shown in the dialog).
    void prefill(const AgentLaunch &launch, const QString &problem);

private:
    void check();

    QComboBox *m_cli;
    QLineEdit *m_workspace;
    QPlainTextEdit *m_prompt;
    QLineEdit *m_modelUrl;
    QComboBox *m_host;
    QLineEdit *m_declaration;
    QLabel *m_problem;
    QString m_launchProblem; // why the last try did not start, until the input changes
    QPushButton *m_ok = nullptr;
};

} // namespace warden::ui
