#pragma once

#include <QDockWidget>

class QMainWindow;
class QSystemTrayIcon;

namespace warden {
class RunSupervisor;
}

namespace warden::ui {

class ApprovalPanel;

// The approvals dock beside the run view: the panel of waiting requests,
// its title with their count, a tray notice when one arrives, and its
// width (narrow when nothing waits, a third of the window when something does).
class ApprovalDock : public QDockWidget {
    Q_OBJECT
public:
    ApprovalDock(RunSupervisor &supervisor, QMainWindow *window);

    ApprovalPanel *panel() const { return m_panel; }
    int waiting() const;

Q_SIGNALS:
    void waitingChanged(int count);

private:
    void changeEvent(QEvent *event) override;
    void retranslate();

    QMainWindow *m_window;
    ApprovalPanel *m_panel;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace warden::ui
