#pragma once

#include "ui/investigate/InvestigationActions.h"
#include "ui/live/RunLauncher.h"

#include "core/policy/StoredVerdict.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;

namespace warden {
class OtlpExporter;
class RunSupervisor;
struct Action;
} // namespace warden

namespace warden::ui {

class ActionTableModel;
class AgentTimeline;
class ApprovalDock;
class ApprovalPanel;
class HostsPanel;
class LaunchMenu;
class JudgementBanner;
class RunListModel;
class RunView;
class RunsPane;
class TimelineChart;
class WhatIfDialog;

// The console's frame: the Runs and Hosts screens, the approvals dock, the
// menus, toolbar, tray and status bar, and the wiring between them and the
// run supervisor. Each screen does its own work (see ui/runs, ui/run,
// ui/hosts, ui/live, ui/investigate); the methods below are the window's
// commands, also used by tests.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QString storePath, QWidget *parent = nullptr);
    ~MainWindow() override;

    void reload();
    void selectRun(const QString &runId);
    void searchRuns(const QString &text);
    // Lists the runs of `agent` and, with `timeline`, lays them all on the timeline.
    void showAgent(const QString &agent, bool timeline = true);
    void showHosts();
    void editSettings();

    // Launches (see RunLauncher).
    void recordExample(const QString &name);
    void startLiveDemo(const QString &name, const QString &backend = {});
    void startRemoteDemo(const QString &hostId, const QString &name);
    void startCustomRun();
    void setCustomRunPrompt(RunLauncher::CustomRunPrompt prompt);
    void startAgentRun();
    void setAgentRunPrompt(RunLauncher::AgentRunPrompt prompt);

    // Investigation (see InvestigationActions).
    void verifyChain();
    void exportReport(const QString &basePath = {});
    void exportTrace(const QString &path = {});
    // Replays the agent's stored runs under a declaration and shows what
    // would change (WhatIfDialog); asks for the file when empty.
    void whatIf(const QString &declarationPath = {});
    void setFileChooser(InvestigationActions::FileChooser chooser);
    void setNotifier(InvestigationActions::Notifier notifier);
    // Asked before quitting while requests wait; a test's seam. True: quit.
    using QuitConfirmation = std::function<bool(QWidget *parent, int waiting)>;
    void setQuitConfirmation(QuitConfirmation confirm) { m_confirmQuit = std::move(confirm); }

    RunSupervisor *supervisor() const { return m_supervisor; }
    RunsPane *runsPane() const { return m_runsPane; }
    RunView *runView() const { return m_runView; }
    RunListModel *runModel() const;
    ActionTableModel *actionModel() const;
    JudgementBanner *banner() const;
    TimelineChart *timeline() const;
    ApprovalPanel *approvalPanel() const { return m_approvalPanel; }
    HostsPanel *hosts() const { return m_hosts; }

Q_SIGNALS:
    void runsLoaded(int count);
    void runShown(const QString &runId);
    void failed(const QString &message);
    void chainVerified(bool intact, const QString &text);
    void reportExported(const QString &htmlPath, const QString &pdfPath);
    void traceExported(const QString &path, qint64 actions);
    void agentTimelineShown(int runs, qint64 actions);
    void whatIfShown(warden::ui::WhatIfDialog *dialog);

private:
    void buildScreens();
    void startOtlpExport();
    static constexpr int kOtlpFinishMs = 3000;
    void showWhatIf(const WhatIfReport &report, const QString &declarationPath, const QString &agent);
    void buildApprovals();
    void wireSupervisor();
    // The menus and the toolbar's actions, in the current language.
    void buildMenus();
    void retranslate();
    void updateTitle();
    void showStatus(const QString &text);
    void showError(const QString &message);
    void onActionArrived(const QString &runId, const warden::Action &action, const warden::StoredVerdict &verdict,
                         const nlohmann::json &judgement);
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

    QString m_storePath;
    RunSupervisor *m_supervisor;
    // Sends every run from the store's opening on to the collector that
    // OpenTelemetry's variables name, when they name one.
    std::unique_ptr<OtlpExporter> m_otlp;
    RunsPane *m_runsPane = nullptr;
    RunView *m_runView = nullptr;
    AgentTimeline *m_agentTimeline = nullptr;
    HostsPanel *m_hosts = nullptr;
    RunLauncher *m_launcher = nullptr;
    InvestigationActions *m_investigate = nullptr;
    QTabWidget *m_screens = nullptr;
    ApprovalPanel *m_approvalPanel = nullptr;
    ApprovalDock *m_approvalDock = nullptr;
    QLabel *m_status = nullptr;
    QToolBar *m_toolbar = nullptr;
    LaunchMenu *m_launchMenu = nullptr;
    std::vector<QMenu *> m_menus;   // rebuilt on a language change
    QObject *m_menuOwner = nullptr; // owns the actions of the menus and toolbar
    QuitConfirmation m_confirmQuit;
    bool m_stoppingRuns = false; // closing: the runs are being stopped first
    bool m_forceClose = false;   // they did not end in time: close anyway
    bool m_listRefreshQueued = false;
    bool m_hostsTested = false;
};

} // namespace warden::ui
