#pragma once

#include <QMainWindow>

#include "ui/live/LiveRunController.h"
#include "ui/timeline/TimelineLayout.h"
#include "core/store/StoredVerdict.h"
#include "core/trace/Action.h"

#include <nlohmann/json.hpp>

#include <vector>

#include <functional>
#include <optional>

class QCheckBox;
class QImage;
class QComboBox;
class QMenu;
class QDockWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTabWidget;
class QTimer;
class QToolBar;

namespace warden {
struct RunDetail;
struct RunSummary;
} // namespace warden

namespace warden::ui {

class ActionFilterProxy;
class ActionTableModel;
class ApprovalPanel;
class HostsPanel;
class LiveRunController;
class RemoteRunController;
class TimelineChart;
class JudgementBanner;
class RunListModel;

// The console's main window: stored runs on the left; the selected run's
// judgement, actions and details on the right. Everything it reads comes
// from the store on worker threads.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QString storePath, QWidget *parent = nullptr);
    ~MainWindow() override;

    void reload();
    void selectRun(const QString &runId);
    // Replays a built-in example into the store, then shows it.
    void recordExample(const QString &name);
    // Boots a real sandbox for the demo NAME on HOST (bwrap or docker) and shows it live.
    // HOST empty: the default host from the settings.
    void startLiveDemo(const QString &name, const QString &host = {});
    void editSettings();
    // Runs the demo NAME on the Warden host HOSTID (from the Hosts screen) and mirrors it here.
    void startRemoteDemo(const QString &hostId, const QString &name);
    // Asks for a custom run (the dialog, or a test's seam) and launches it.
    void startCustomRun();
    using CustomRunPrompt = std::function<std::optional<LiveRunController::CustomLaunch>(QWidget *parent)>;
    void setCustomRunPrompt(CustomRunPrompt prompt) { m_customRunPrompt = std::move(prompt); }

    // Investigation. Each works on a worker thread and reports by signal.
    void verifyChain();
    // Writes BASE.html and BASE.pdf for the shown run; asks for BASE when empty.
    void exportReport(const QString &basePath = {});
    // Writes the shown run's actions as a JSONL trace; asks for the path when empty.
    void exportTrace(const QString &path = {});
    // Lists only runs whose agent, summary or records contain `text`.
    void searchRuns(const QString &text);

    // Test seams for the file picker and the message box.
    using FileChooser = std::function<QString(QWidget *parent, const QString &title, const QString &suggested,
                                              const QString &filter)>;
    using Notifier = std::function<void(QWidget *parent, const QString &title, const QString &text, bool problem)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    void setNotifier(Notifier notifier) { m_notify = std::move(notifier); }

    RunListModel *runModel() const { return m_runs; }
    ActionTableModel *actionModel() const { return m_actions; }
    JudgementBanner *banner() const { return m_banner; }
    ApprovalPanel *approvalPanel() const { return m_approvalPanel; }
    TimelineChart *timeline() const { return m_timeline; }
    HostsPanel *hosts() const { return m_hosts; }
    void showHosts();
    // Lists the runs of `agent` (picked once it has runs listed) and, with
    // `timeline`, lays all of them on the timeline, one band each (read on a
    // worker; the open run's band is highlighted).
    void showAgent(const QString &agent, bool timeline = true);
    LiveRunController *live() const { return m_live; }
    RemoteRunController *remote() const { return m_remote; }

Q_SIGNALS:
    void runsLoaded(int count);
    void runShown(const QString &runId);
    void failed(const QString &message);
    void chainVerified(bool intact, const QString &text);
    void reportExported(const QString &htmlPath, const QString &pdfPath);
    void traceExported(const QString &path, qint64 actions);
    // The agent timeline was laid out: `runs` runs, `actions` actions on it.
    void agentTimelineShown(int runs, qint64 actions);

private:
    void buildUi();
    void showRun(const QString &runId);
    void showDetail(const QModelIndex &proxyIndex);
    void showDeclaration(const warden::RunDetail &run);
    // Where an export of the shown run goes: `given`, else the file picker's
    // answer; empty (after saying why) when no run is shown or it was cancelled.
    QString exportTarget(const QString &given, const QString &noRun, const QString &title,
                         const QString &suggestedPattern, const QString &filter);
    // Rebuilds the agent picker from the listed runs and keeps those of the picked agent.
    std::vector<warden::RunSummary> filterByAgent(std::vector<warden::RunSummary> runs);
    void showError(const QString &message);
    // Sends `request` (a host run request) to the Warden host `hostId` once its
    // token is out of the keychain; `what` names the run in the status bar.
    void startRemote(const QString &hostId, const QString &what, nlohmann::json request);
    void updateApprovalCount(int count);
    // The menus and the toolbar's actions, in the current language.
    void buildMenus();
    void fillRemoteMenu();
    // Sets every fixed text again (the language changed, or the window is new).
    void retranslate();
    void changeEvent(QEvent *event) override;
    void onActionArrived(const QString &runId, const warden::Action &action, const nlohmann::json &verdict,
                         const nlohmann::json &judgement);
    struct LiveAction;
    // Adds a live action to the open run's table and banner (and, showing
    // that run alone, its timeline).
    void addToShownRun(const LiveAction &live);
    // Brings the timeline in line with the agent picker, the check box and
    // the listed runs: reads the agent's runs again when they changed.
    void syncAgentTimeline();
    void loadAgentTimeline(const QString &agent, std::vector<warden::RunSummary> runs);
    // Writes the report of `runId` with `timeline` as its picture, on a worker.
    void writeReport(const std::string &runId, const QImage &timeline, const QString &base);
    // The open run's points (not yet laid out), with what reviewers decided
    // since it was loaded.
    TimelineLayout openRunPoints() const;
    // The open run alone on `chart`.
    void showOpenRunOn(TimelineChart *chart) const;
    // Opens `runId` (when it is not open) and selects its action `seq`.
    void openAction(const QString &runId, qint64 seq);

    QString m_storePath;
    QString m_pendingSelection;
    RunListModel *m_runs;
    ActionTableModel *m_actions;
    ActionFilterProxy *m_filter;
    QTableView *m_runView = nullptr;
    QTableView *m_actionView = nullptr;
    JudgementBanner *m_banner = nullptr;
    TimelineChart *m_timeline = nullptr;
    QLineEdit *m_search = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPlainTextEdit *m_declaration = nullptr;
    QTabWidget *m_bottomTabs = nullptr;
    QTabWidget *m_screens = nullptr;
    HostsPanel *m_hosts = nullptr;
    QLineEdit *m_runSearch = nullptr;
    QComboBox *m_agentFilter = nullptr;
    QCheckBox *m_agentTimeline = nullptr;
    // The runs the agent timeline was asked for (oldest first), and whether
    // a live action could not be placed on it so it must be read again.
    QString m_agentTimelineOf;
    QString m_pendingAgent; // asked for before it had runs listed
    std::vector<std::string> m_agentTimelineRuns;
    bool m_agentTimelineStale = false;
    int m_agentTimelineGeneration = 0; // a newer request makes an older answer moot
    // A live action as it arrived, kept while what it belongs to is being read.
    struct LiveAction {
        QString runId;
        warden::Action action;
        warden::StoredVerdict verdict;
        nlohmann::json judgement;
    };
    // Live actions that came while the agent's runs were being read: placed
    // once the layout is in (those it already has are skipped).
    std::vector<LiveAction> m_agentTimelineArrivals;
    bool m_agentTimelineLoading = false;
    std::pair<QString, qint64> m_pendingAction; // selected once its run is open
    QTimer *m_runSearchDelay = nullptr;
    FileChooser m_chooseFile;
    CustomRunPrompt m_customRunPrompt;
    Notifier m_notify;
    QLabel *m_status = nullptr;
    LiveRunController *m_live = nullptr;
    RemoteRunController *m_remote = nullptr;
    QMenu *m_remoteMenu = nullptr;
    QToolBar *m_toolbar = nullptr;
    std::vector<QMenu *> m_menus; // rebuilt on a language change
    QObject *m_menuOwner = nullptr; // owns the actions of the menus and toolbar
    ApprovalPanel *m_approvalPanel = nullptr;
    QDockWidget *m_approvalDock = nullptr;
    QString m_shownRun;
    QString m_loadingRun;
    std::vector<LiveAction> m_liveBuffer; // for the run being opened
    QString m_pendingLiveDemo;
    QString m_pendingLiveHost;
    bool m_liveReady = false;
    bool m_listRefreshQueued = false;
    bool m_hostsTested = false;
    QString m_defaultHost = QStringLiteral("bwrap");
};

} // namespace warden::ui
