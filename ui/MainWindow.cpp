#include "ui/MainWindow.h"

#include "ui/investigate/WhatIfDialog.h"

#include "core/common/Timestamp.h"
#include "core/host/HostDirectory.h"
#include "core/investigate/OtlpExporter.h"
#include "core/policy/StoredVerdict.h"
#include "core/runs/RunSupervisor.h"
#include "core/store/AuditStore.h"
#include "ui/approvals/ApprovalDock.h"
#include "ui/approvals/ApprovalPanel.h"
#include "ui/common/DisplayWords.h"
#include "ui/hosts/HostListModel.h"
#include "ui/hosts/HostsPanel.h"
#include "ui/live/LaunchMenu.h"
#include "ui/run/RunView.h"
#include "ui/runs/RunListModel.h"
#include "ui/runs/RunsPane.h"
#include "ui/settings/ConsoleSettings.h"
#include "ui/settings/InterfaceLanguage.h"
#include "ui/settings/SettingsDialog.h"
#include "ui/timeline/AgentTimeline.h"
#include "ui/timeline/TimelineChart.h"

#include <QAbstractItemView>
#include <QCloseEvent>
#include <QDateTime>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace warden::ui {

MainWindow::MainWindow(QString storePath, QWidget *parent)
    : QMainWindow(parent), m_storePath(std::move(storePath)), m_supervisor(new RunSupervisor(this))
{
    m_confirmQuit = [](QWidget *owner, int waiting) {
        return QMessageBox::question(owner, tr("Quit Warden"),
                                     tr("%n request(s) wait for a decision. Quitting denies them and stops every live "
                                        "run. Quit anyway?",
                                        nullptr, waiting),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    };
    buildScreens();
    buildApprovals();
    m_launcher = new RunLauncher(*m_supervisor, *m_hosts, this);
    m_investigate = new InvestigationActions(m_storePath, *m_runView, this);
    connect(m_launcher, &RunLauncher::status, this, &MainWindow::showStatus);
    connect(m_launcher, &RunLauncher::failed, this, &MainWindow::showError);
    connect(m_launcher, &RunLauncher::exampleRecorded, this, &MainWindow::selectRun);
    connect(m_launcher, &RunLauncher::exampleRecorded, this, &MainWindow::reload);
    connect(m_investigate, &InvestigationActions::status, this, &MainWindow::showStatus);
    connect(m_investigate, &InvestigationActions::failed, this, &MainWindow::showError);
    connect(m_investigate, &InvestigationActions::chainVerified, this, &MainWindow::chainVerified);
    connect(m_investigate, &InvestigationActions::reportExported, this, &MainWindow::reportExported);
    connect(m_investigate, &InvestigationActions::traceExported, this, &MainWindow::traceExported);
    connect(m_investigate, &InvestigationActions::whatIfReady, this, &MainWindow::showWhatIf);
    wireSupervisor();

    m_status = new QLabel;
    statusBar()->addWidget(m_status, 1);
    m_status->setText(tr("Store: %1").arg(m_storePath));
    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("mainToolbar"));
    retranslate();
    // The window fits the screen it opens on (1024×700 and up): the
    // approvals dock and the status bar are never off-screen.
    const QRect screenRoom = screen() ? screen()->availableGeometry() : QRect(0, 0, 1400, 820);
    resize(std::min(1400, screenRoom.width() * 96 / 100), std::min(820, screenRoom.height() * 94 / 100));
    // Tab moves between panes, not cell by cell (it changed the open run
    // in the runs list): arrows move within a table.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->setTabKeyNavigation(false);

    const ConsoleSettings settings = ConsoleSettings::load();
    m_launcher->setDefaults(settings.defaultHost, settings.approvalDeadlineMinutes * 60);
    m_supervisor->openAsync(m_storePath.toStdString());
}

MainWindow::~MainWindow()
{
    // Runs still going end first, while every view they report to still
    // exists: their pending approvals expire and recolour actions in the table.
    delete m_supervisor;
    m_supervisor = nullptr;
    // Their last records are in the store now; the collector gets a moment
    // for them (what it does not take stays in the store).
    if (m_otlp)
        m_otlp->finish(kOtlpFinishMs);
}

void MainWindow::startOtlpExport()
{
    auto options = OtlpExporter::Options::fromEnvironment();
    if (!options) {
        showError(tr("Runs are not sent to OpenTelemetry: %1").arg(QString::fromStdString(options.error().toString())));
        return;
    }
    if (!*options || !m_supervisor->store())
        return;
    // From the store's opening on: no I/O here, and no run of this console missed.
    (*options)->after = m_supervisor->store()->recordsAtOpen();
    (*options)->newRuns = true;
    auto started = OtlpExporter::start(m_storePath.toStdString(), std::move(**options));
    if (!started) {
        showError(tr("Runs are not sent to OpenTelemetry: %1").arg(QString::fromStdString(started.error().toString())));
        return;
    }
    m_otlp = std::move(*started);
    showStatus(tr("Runs are sent to the OpenTelemetry collector the OTEL_EXPORTER_OTLP variables name."));
}

void MainWindow::buildScreens()
{
    m_runsPane = new RunsPane(m_storePath);
    m_runView = new RunView(m_storePath);
    m_agentTimeline = new AgentTimeline(m_storePath, *m_runView, this);
    connect(m_runsPane, &RunsPane::runChosen, this, [this](const QString &runId) {
        // A reload reselects the open run: it is already here, and growing.
        if (!m_runView->isLoading(runId) && !m_runView->isLoaded(runId))
            m_runView->showRun(runId);
    });
    connect(m_runsPane, &RunsPane::nothingToShow, m_runView, &RunView::clear);
    connect(m_runsPane, &RunsPane::loaded, this, [this](int count, const QString &status) {
        showStatus(status);
        Q_EMIT runsLoaded(count);
    });
    connect(m_runsPane, &RunsPane::agentTimelineChanged, this, [this] {
        m_agentTimeline->sync(m_runsPane->pickedAgent(), m_runsPane->agentTimelineWanted(),
                              m_runsPane->model()->runs());
    });
    connect(m_runView, &RunView::runShown, this, [this](const QString &runId) {
        m_runsPane->setShownRun(runId);
        updateTitle();
        Q_EMIT runShown(runId);
    });
    connect(m_runView, &RunView::runWanted, m_runsPane, &RunsPane::selectRun);
    connect(m_runView, &RunView::failed, this, &MainWindow::showError);
    connect(m_runView->timeline(), &TimelineChart::runActivated, this, &MainWindow::selectRun);
    connect(m_agentTimeline, &AgentTimeline::status, this, &MainWindow::showStatus);
    connect(m_agentTimeline, &AgentTimeline::failed, this, &MainWindow::showError);
    connect(m_agentTimeline, &AgentTimeline::shown, this, &MainWindow::agentTimelineShown);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_runsPane);
    split->addWidget(m_runView);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    m_hosts = new HostsPanel(QString::fromStdString(HostDirectory::defaultPath()));
    connect(m_hosts, &HostsPanel::failed, this, &MainWindow::showError);
    m_launchMenu = new LaunchMenu(*m_hosts->model(), this);
    connect(m_hosts, &HostsPanel::hostsChanged, m_launchMenu, &LaunchMenu::refill);
    connect(m_launchMenu, &LaunchMenu::demoWanted, this, &MainWindow::startLiveDemo);
    connect(m_launchMenu, &LaunchMenu::remoteDemoWanted, this, &MainWindow::startRemoteDemo);
    connect(m_launchMenu, &LaunchMenu::customRunWanted, this, &MainWindow::startCustomRun);
    connect(m_launchMenu, &LaunchMenu::agentRunWanted, this, &MainWindow::startAgentRun);
    connect(m_launchMenu, &LaunchMenu::replayWanted, this, &MainWindow::recordExample);
    connect(m_launchMenu, &LaunchMenu::hostsWanted, this, &MainWindow::showHosts);
    m_screens = new QTabWidget;
    m_screens->setObjectName(QStringLiteral("screens"));
    m_screens->addTab(split, QString());
    m_screens->addTab(m_hosts, QString());
    setCentralWidget(m_screens);
    // The first look at the Hosts screen tests them all, off the GUI thread.
    connect(m_screens, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_screens->widget(index) == m_hosts && !m_hostsTested) {
            m_hostsTested = true;
            m_hosts->testAll();
        }
    });
}

void MainWindow::buildApprovals()
{
    m_approvalDock = new ApprovalDock(*m_supervisor, this);
    m_approvalPanel = m_approvalDock->panel();
    connect(m_approvalPanel, &ApprovalPanel::decisionFailed, this, &MainWindow::showError);
    connect(m_approvalDock, &ApprovalDock::waitingChanged, this, &MainWindow::updateTitle);
    // A decided or expired request recolours its action and says who decided.
    connect(&m_supervisor->approvals(), &ApprovalQueue::resolved, this, [this](const ApprovalRequest &r) {
        nlohmann::json approval = r.toJson();
        approval["recorded"] = Timestamp::format(QDateTime::currentMSecsSinceEpoch());
        m_runView->setApproval(QString::fromStdString(r.runId), approval);
    });
}

void MainWindow::wireSupervisor()
{
    connect(m_supervisor, &RunSupervisor::agentOutput, m_runView, &RunView::addLiveOutput);
    connect(m_supervisor, &RunSupervisor::failed, this, &MainWindow::showError);
    connect(m_supervisor, &RunSupervisor::opened, this, [this] {
        // The store exists now (a first start creates it): list its runs.
        reload();
        startOtlpExport();
        for (const std::string &warning : m_supervisor->warnings())
            showError(QString::fromStdString(warning));
    });
    connect(m_supervisor, &RunSupervisor::runStarted, this, [this](const QString &runId, const QString &agent) {
        showStatus(tr("Booting a sandbox for %1…").arg(agent));
        m_runsPane->selectRun(runId);
        reload();
    });
    connect(m_supervisor, &RunSupervisor::runStateChanged, this,
            [this](const QString &runId, const QString &state, const QString &detail) {
                showStatus(tr("Run %1: %2").arg(DisplayWords::runState(state), detail));
                m_runView->setRunState(runId, state, detail);
                reload();
            });
    connect(m_supervisor, &RunSupervisor::actionArrived, this, &MainWindow::onActionArrived);
    connect(m_supervisor, &RunSupervisor::runEnded, this,
            [this](const QString &runId, const QString &state, const QString &detail) {
                showStatus(tr("Run %1 %2: %3").arg(runId.left(8), DisplayWords::runState(state), detail));
                m_agentTimeline->runEnded(runId);
                reload();
                if (runId == m_runView->shownRun())
                    m_runView->showRun(runId); // the stored end, with its reason
            });
}

void MainWindow::onActionArrived(const QString &runId, const Action &action, const StoredVerdict &verdict,
                                 const nlohmann::json &judgement)
{
    const LiveAction live{runId, action, verdict, judgement};
    m_agentTimeline->addLiveAction(live);
    m_runView->addLiveAction(live);
    // The run list's counts and labels follow at most twice a second.
    if (m_listRefreshQueued)
        return;
    m_listRefreshQueued = true;
    QTimer::singleShot(500, this, [this] {
        m_listRefreshQueued = false;
        reload();
    });
}

void MainWindow::buildMenus()
{
    // Rebuilt whole when the language changes: the old menus and actions are
    // deleted, which takes them off the menu bar and the toolbar.
    qDeleteAll(m_menus);
    m_menus.clear();
    m_toolbar->clear();
    delete m_menuOwner;
    m_menuOwner = new QObject(this);
    QObject *owner = m_menuOwner;
    auto action = [owner](const QString &text, auto slot) {
        auto *a = new QAction(text, owner);
        QObject::connect(a, &QAction::triggered, owner, std::move(slot));
        return a;
    };
    auto menu = [this](const QString &title) { return m_menus.emplace_back(new QMenu(title, this)); };

    auto *reload = action(tr("Reload"), [this] { this->reload(); });
    reload->setShortcut(QKeySequence::Refresh);
    QMenu *console = menu(tr("&Console"));
    console->addAction(tr("Settings…"), QKeySequence::Preferences, owner, [this] { editSettings(); });
    console->addSeparator();
    console->addAction(tr("Quit"), QKeySequence::Quit, owner, [this] { close(); });
    // Launching, from the menu bar and the keyboard too.
    QMenu *run = menu(tr("&Run"));
    run->addAction(tr("Launch the code-bot demo"), QKeySequence(Qt::CTRL | Qt::Key_N), owner,
                   [this] { startLiveDemo(QStringLiteral("code-bot")); });
    run->addAction(tr("Custom run…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), owner,
                   [this] { startCustomRun(); });
    run->addAction(tr("Run an agent CLI…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), owner,
                   [this] { startAgentRun(); });
    run->addMenu(m_launchMenu);
    QMenu *investigate = menu(tr("&Investigate"));
    investigate->addAction(tr("Search runs…"), QKeySequence::Find, owner, [this] { m_runsPane->focusSearch(); });
    investigate->addAction(tr("Verify the audit chain"), owner, [this] { verifyChain(); });
    investigate->addSeparator();
    investigate->addAction(tr("Export incident report (HTML and PDF)…"), owner, [this] { exportReport(); });
    investigate->addAction(tr("Export trace (JSONL)…"), owner, [this] { exportTrace(); });
    investigate->addSeparator();
    investigate->addAction(tr("What if… (replay the agent's runs under a declaration)"), owner, [this] { whatIf(); });
    QMenu *hostsMenu = menu(tr("&Hosts"));
    hostsMenu->addAction(tr("Show hosts"), owner, [this] { showHosts(); });
    hostsMenu->addAction(tr("Test all hosts"), owner, [this] {
        showHosts();
        m_hosts->testAll();
    });
    for (QMenu *top : {console, run, investigate, hostsMenu})
        menuBar()->addMenu(top);

    m_toolbar->addAction(reload);
    m_toolbar->addAction(action(tr("Verify chain"), [this] { verifyChain(); }));
    m_toolbar->addAction(action(tr("Export report"), [this] { exportReport(); }));
    auto *launch = m_launchMenu->menuAction(); // the menu stays; it retranslates itself
    m_toolbar->addAction(launch);
    if (auto *button = qobject_cast<QToolButton *>(m_toolbar->widgetForAction(launch))) {
        button->setObjectName(QStringLiteral("launchButton"));
        button->setPopupMode(QToolButton::InstantPopup);
    }
}

void MainWindow::retranslate()
{
    buildMenus();
    m_toolbar->setWindowTitle(tr("Main"));
    m_screens->setTabText(0, tr("Runs"));
    m_screens->setTabText(1, tr("Hosts"));
    updateTitle();
}

void MainWindow::updateTitle()
{
    // The window manager adds "— Warden" (the application's display name):
    // the title says what is on screen.
    const int waiting = m_approvalDock->waiting();
    QString title;
    if (const RunSummary *run = m_runsPane->model()->runAt(m_runsPane->model()->rowOf(m_runView->shownRun())))
        title = QStringLiteral("%1 · %2").arg(QString::fromStdString(run->agent), m_runView->shownRun().left(8));
    if (waiting > 0)
        title = tr("%n approval(s) waiting", nullptr, waiting) +
                (title.isEmpty() ? QString() : QStringLiteral(" — ") + title);
    setWindowTitle(title);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_status)
        retranslate(); // the screens retranslate themselves
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_stoppingRuns) {
        const int waiting = m_approvalDock->waiting();
        if (waiting > 0 && !m_confirmQuit(this, waiting)) {
            event->ignore();
            return;
        }
    }
    // Runs still going are stopped, and their end is on record, before the
    // window goes: the next start reads "stopped by the reviewer", not a
    // crash, and a pending request's end says why it came early.
    if (m_supervisor && m_supervisor->liveRuns() > 0 && !m_forceClose) {
        event->ignore();
        if (m_stoppingRuns)
            return;
        m_stoppingRuns = true;
        showStatus(tr("Stopping %n run(s) before closing…", nullptr, m_supervisor->liveRuns()));
        connect(m_supervisor, &RunSupervisor::liveRunsChanged, this, [this](int live) {
            if (live == 0)
                close();
        });
        // A run that cannot end (a wedged engine) does not keep the window.
        QTimer::singleShot(10'000, this, [this] {
            m_supervisor->disconnect(this);
            m_forceClose = true;
            close();
        });
        // On record in English, whatever the console's language.
        m_supervisor->killAll(QStringLiteral("stopped by the reviewer: the console was closed"));
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showStatus(const QString &text)
{
    m_status->setText(text);
}

void MainWindow::showError(const QString &message)
{
    m_status->setText(message);
    Q_EMIT failed(message);
}

void MainWindow::editSettings()
{
    SettingsDialog dialog(ConsoleSettings::load(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConsoleSettings settings = dialog.settings();
    settings.save();
    settings.applyTheme();
    InterfaceLanguage::apply(settings.language); // every screen retranslates itself on the change
    m_launcher->setDefaults(settings.defaultHost, settings.approvalDeadlineMinutes * 60);
    showStatus(tr("Settings saved."));
}

void MainWindow::reload()
{
    m_runsPane->reload();
}
void MainWindow::selectRun(const QString &runId)
{
    m_runsPane->selectRun(runId);
}
void MainWindow::searchRuns(const QString &text)
{
    m_runsPane->search(text);
}
void MainWindow::showAgent(const QString &agent, bool timeline)
{
    m_runsPane->showAgent(agent, timeline);
}
void MainWindow::showHosts()
{
    m_screens->setCurrentWidget(m_hosts);
}
void MainWindow::recordExample(const QString &name)
{
    m_launcher->recordExample(name, m_storePath);
}
void MainWindow::startLiveDemo(const QString &name, const QString &backend)
{
    m_launcher->startDemo(name, backend);
}
void MainWindow::startRemoteDemo(const QString &hostId, const QString &name)
{
    m_launcher->startRemoteDemo(hostId, name);
}
void MainWindow::startCustomRun()
{
    m_launcher->startCustom();
}
void MainWindow::setCustomRunPrompt(RunLauncher::CustomRunPrompt prompt)
{
    m_launcher->setCustomRunPrompt(std::move(prompt));
}
void MainWindow::startAgentRun()
{
    m_launcher->startAgent();
}
void MainWindow::setAgentRunPrompt(RunLauncher::AgentRunPrompt prompt)
{
    m_launcher->setAgentRunPrompt(std::move(prompt));
}
void MainWindow::verifyChain()
{
    m_investigate->verifyChain();
}
void MainWindow::exportReport(const QString &basePath)
{
    m_investigate->exportReport(basePath);
}
void MainWindow::exportTrace(const QString &path)
{
    m_investigate->exportTrace(path);
}
void MainWindow::whatIf(const QString &declarationPath)
{
    m_investigate->whatIf(declarationPath);
}

void MainWindow::showWhatIf(const WhatIfReport &report, const QString &declarationPath, const QString &agent)
{
    auto *dialog = new WhatIfDialog(report, declarationPath, agent, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WhatIfDialog::showOnTimeline, this,
            [this, declarationPath](const QString &runId, const std::vector<std::int64_t> &seqs) {
                m_runView->timeline()->setMarked(
                    runId, seqs, tr("decided differently under %1").arg(QFileInfo(declarationPath).fileName()));
                selectRun(runId);
            });
    dialog->show();
    Q_EMIT whatIfShown(dialog);
}

void MainWindow::setFileChooser(InvestigationActions::FileChooser chooser)
{
    m_investigate->setFileChooser(std::move(chooser));
}
void MainWindow::setNotifier(InvestigationActions::Notifier notifier)
{
    m_investigate->setNotifier(std::move(notifier));
}
RunListModel *MainWindow::runModel() const
{
    return m_runsPane->model();
}
ActionTableModel *MainWindow::actionModel() const
{
    return m_runView->actionModel();
}
JudgementBanner *MainWindow::banner() const
{
    return m_runView->banner();
}
TimelineChart *MainWindow::timeline() const
{
    return m_runView->timeline();
}

} // namespace warden::ui
