#pragma once

#include "ui/live/CustomLaunch.h"

#include <QDialog>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace warden::ui {

// Asks for a custom run: a declaration file, the agent's command (split into
// words like a shell would, never run by one), where to run it (bubblewrap or
// Docker here, or either on a Warden host), and for local runs optionally an
// image and a data directory.
class CustomRunDialog : public QDialog {
    Q_OBJECT
public:
    struct RemoteHost {
        QString id;
        QString name;
    };
    // dockerHosts and wardenHosts: those on the Hosts screen.
    CustomRunDialog(const QString &defaultHost, const std::vector<RemoteHost> &dockerHosts,
                    const std::vector<RemoteHost> &wardenHosts, QWidget *parent = nullptr);

    std::optional<CustomLaunch> request() const;
    // What was asked before, and why it did not start (shown in the dialog).
    void prefill(const CustomLaunch &launch, const QString &problem);

private:
    void check();

    QLineEdit *m_declaration;
    QLineEdit *m_command;
    QComboBox *m_host;
    QLineEdit *m_image;
    QLineEdit *m_data;
    QLabel *m_problem;
    QString m_launchProblem; // why the last try did not start, until the input changes
    QPushButton *m_ok = nullptr;
};

} // namespace warden::ui
