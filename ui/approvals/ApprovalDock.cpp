#include "ui/approvals/ApprovalDock.h"

#include "core/runs/RunSupervisor.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/settings/ConsoleSettings.h"

#include <QEvent>
#include <QMainWindow>
#include <QSystemTrayIcon>

#include <algorithm>

namespace warden::ui {

ApprovalDock::ApprovalDock(RunSupervisor &supervisor, QMainWindow *window)
    : QDockWidget(window),
      m_window(window),
      // The name the person gave at their first decision; never guessed
      // from the login.
      m_panel(new ApprovalPanel(supervisor.approvals(), ConsoleSettings::load().reviewer))
{
    setObjectName(QStringLiteral("approvalDock"));
    setWidget(m_panel);
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_panel->setDeclarationOf([&supervisor](const QString &runId) { return supervisor.declarationOf(runId); });
    m_panel->setJudgeView([&supervisor](const QString &runId) { return supervisor.judgementOf(runId); });
    connect(m_panel, &ApprovalPanel::reviewerChosen, this, [](const QString &name) {
        ConsoleSettings settings = ConsoleSettings::load();
        settings.reviewer = name;
        settings.save();
    });
    window->addDockWidget(Qt::RightDockWidgetArea, this);
    window->resizeDocks({this}, {220}, Qt::Horizontal); // nothing waits yet
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(window->windowIcon(), this);
        m_tray->show();
    }
    connect(m_panel->model(), &ApprovalQueueModel::pendingCountChanged, this, [this](int count) {
        retranslate();
        // Narrow when nothing waits: the run view gets the width back.
        m_window->resizeDocks({this}, {count > 0 ? std::max(300, m_window->width() / 3) : 220}, Qt::Horizontal);
        if (count > 0) {
            raise();
            if (m_tray)
                m_tray->showMessage(tr("Warden"),
                                    tr("%n privileged request(s) waiting for a decision", nullptr, count));
        }
        Q_EMIT waitingChanged(count);
    });
    retranslate();
}

int ApprovalDock::waiting() const
{
    return m_panel->model()->pendingCount();
}

void ApprovalDock::retranslate()
{
    setWindowTitle(tr("Approvals (%1 waiting)").arg(waiting()));
}

void ApprovalDock::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDockWidget::changeEvent(event);
}

} // namespace warden::ui
