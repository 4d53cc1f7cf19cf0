#include "ui/MainWindow.h"

#include "ui/approvals/ApprovalPanel.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/common/AsyncJob.h"
#include "ui/common/ModelTexts.h"
#include "core/common/TextFile.h"
#include "core/host/HostDirectory.h"
#include "ui/hosts/HostListModel.h"
#include "ui/hosts/HostsPanel.h"
#include "ui/live/CustomRunDialog.h"
#include "ui/live/LiveRunController.h"
#include "ui/live/RemoteRunController.h"
#include "core/policy/Declaration.h"
#include "core/policy/DeclarationSummary.h"
#include "ui/report/ReportExporter.h"
#include "ui/run/ActionFilterProxy.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"
#include "ui/runs/RunListModel.h"
#include "core/scenarios/ExampleReplay.h"
#include "ui/settings/ConsoleSettings.h"
#include "ui/settings/InterfaceLanguage.h"
#include "ui/settings/SettingsDialog.h"
#include "core/store/AuditStore.h"
#include "core/store/RunReader.h"
#include "ui/timeline/TimelineChart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <fstream>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>

namespace warden::ui {

MainWindow::MainWindow(QString storePath, QWidget *parent)
    : QMainWindow(parent), m_storePath(std::move(storePath)), m_runs(new RunListModel(this)),
      m_actions(new ActionTableModel(this)), m_filter(new ActionFilterProxy(m_actions, this))
{
    setWindowTitle(tr("Warden"));
    m_live = new LiveRunController(m_storePath, this);
    m_chooseFile = [](QWidget *owner, const QString &title, const QString &suggested, const QString &filter) {
        return QFileDialog::getSaveFileName(owner, title, suggested, filter);
    };
    m_customRunPrompt = [this](QWidget *owner) -> std::optional<LiveRunController::CustomLaunch> {
        std::vector<CustomRunDialog::RemoteHost> wardenHosts;
        for (const auto &h : m_hosts->model()->hosts())
            if (h.kind == HostProfile::Kind::Warden)
                wardenHosts.push_back({QString::fromStdString(h.id), QString::fromStdString(h.name)});
        CustomRunDialog dialog(m_defaultHost, wardenHosts, owner);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.request();
    };
    m_notify = [](QWidget *owner, const QString &title, const QString &text, bool problem) {
        if (problem)
            QMessageBox::warning(owner, title, text);
        else
            QMessageBox::information(owner, title, text);
    };
    buildUi();
    resize(1400, 820);
    connect(m_live, &LiveRunController::ready, this, [this] {
        m_liveReady = true;
        if (!m_pendingLiveDemo.isEmpty())
            startLiveDemo(m_pendingLiveDemo, m_pendingLiveHost);
        m_pendingLiveDemo.clear();
    });
    connect(m_live, &LiveRunController::failed, this, &MainWindow::showError);
    m_remote = new RemoteRunController(*m_live, this);
    connect(m_remote, &RemoteRunController::failed, this, &MainWindow::showError);
    connect(m_remote, &RemoteRunController::runStarted, m_live, &LiveRunController::runStarted);
    connect(m_remote, &RemoteRunController::runStateChanged, m_live, &LiveRunController::runStateChanged);
    connect(m_remote, &RemoteRunController::actionArrived, m_live, &LiveRunController::actionArrived);
    connect(m_remote, &RemoteRunController::runEnded, m_live, &LiveRunController::runEnded);
    connect(m_live, &LiveRunController::runStarted, this, [this](const QString &runId, const QString &agent) {
        m_status->setText(tr("Booting a sandbox for %1…").arg(agent));
        m_pendingSelection = runId;
        reload();
    });
    connect(m_live, &LiveRunController::runStateChanged, this,
            [this](const QString &, const QString &state, const QString &detail) {
                m_status->setText(tr("Run %1: %2").arg(state, detail));
                reload();
            });
    connect(m_live, &LiveRunController::actionArrived, this, &MainWindow::onActionArrived);
    connect(m_live, &LiveRunController::runEnded, this, [this](const QString &runId, const QString &state, const QString &detail) {
        m_status->setText(tr("Run %1 %2: %3").arg(runId.left(8), state, detail));
        // A live run's band grew as it went; laid out again, it takes its place beside the others.
        if (m_timeline->showsSeveralRuns() && m_timeline->layout().bandOf(runId) >= 0)
            m_agentTimelineStale = true;
        reload();
        if (runId == m_shownRun)
            showRun(runId);
    });
    const ConsoleSettings settings = ConsoleSettings::load();
    m_live->setApprovalDeadline(settings.approvalDeadlineMinutes * 60);
    m_defaultHost = settings.defaultHost;
    m_live->open();
}

MainWindow::~MainWindow()
{
    // Runs still going end first, while every view they report to still exists:
    // their pending approvals expire and recolour actions in the table.
    delete m_remote;
    m_remote = nullptr;
    delete m_live;
    m_live = nullptr;
}

void MainWindow::startLiveDemo(const QString &name, const QString &chosenHost)
{
    if (!m_liveReady) {
        m_pendingLiveDemo = name;
        m_pendingLiveHost = chosenHost;
        return;
    }
    const QString host = chosenHost.isEmpty() ? m_defaultHost : chosenHost;
    m_status->setText(tr("Preparing the %1 demo (%2)…").arg(name, host));
    m_live->startDemo(name, host);
}

void MainWindow::startRemoteDemo(const QString &hostId, const QString &name)
{
    startRemote(hostId, name, {{"demo", name.toStdString()}, {"backend", "bwrap"}});
}

void MainWindow::startRemote(const QString &hostId, const QString &what, nlohmann::json request)
{
    const int row = m_hosts->model()->rowOf(hostId);
    if (row < 0 || !m_liveReady) {
        showError(row < 0 ? tr("No such host: %1").arg(hostId) : tr("The audit store is not open yet; try again in a moment."));
        return;
    }
    const HostProfile host = m_hosts->model()->hosts()[std::size_t(row)];
    auto endpoint = HostEndpoint::parse(host.address);
    if (host.kind != HostProfile::Kind::Warden || !endpoint) {
        showError(tr("%1 is not a Warden host").arg(QString::fromStdString(host.name)));
        return;
    }
    endpoint->caFile = QString::fromStdString(host.caFile);
    m_status->setText(tr("Starting %1 on %2…").arg(what, QString::fromStdString(host.name)));
    request["approval_timeout"] = ConsoleSettings::load().approvalDeadlineMinutes * 60;
    request["launcher"] = qEnvironmentVariable("USER", QStringLiteral("console")).toStdString();
    m_hosts->loadToken(hostId, [this, endpoint = *endpoint, request = std::move(request)](std::optional<QString> token,
                                                                                       const QString &error) mutable {
        if (!token) {
            showError(tr("No token for %1 in the keychain: %2").arg(QString::fromStdString(endpoint.url()), error));
            return;
        }
        endpoint.token = token->toStdString();
        m_remote->start(endpoint, std::move(request));
    });
}

void MainWindow::startCustomRun()
{
    auto request = m_customRunPrompt(this);
    if (!request)
        return;
    if (!m_liveReady) {
        showError(tr("The audit store is not open yet; try again in a moment."));
        return;
    }
    if (request->remoteHost.isEmpty()) {
        m_status->setText(tr("Preparing a run of %1 (%2)…").arg(request->argv.join(QLatin1Char(' ')), request->host));
        m_live->startCustom(*request);
        return;
    }
    // A Warden host gets the declaration's text, checked here first (off this
    // thread) so that a mistake names this file's line before anything is sent.
    runAsync(
        this,
        [file = request->declarationFile.toStdString()]() -> Result<std::string> {
            auto text = readTextFile(file, 1024 * 1024);
            if (!text)
                return text;
            if (auto declaration = Declaration::parse(*text, file); !declaration)
                return std::unexpected(declaration.error());
            return text;
        },
        [this, launch = *request](Result<std::string> text) {
            if (!text) {
                showError(QString::fromStdString(text.error().toString()));
                return;
            }
            nlohmann::json argv = nlohmann::json::array();
            for (const QString &word : launch.argv)
                argv.push_back(word.toStdString());
            startRemote(launch.remoteHost, launch.argv.join(QLatin1Char(' ')),
                        {{"declaration", *text}, {"argv", std::move(argv)}, {"backend", launch.host.toStdString()}});
        });
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
    m_live->setApprovalDeadline(settings.approvalDeadlineMinutes * 60);
    m_defaultHost = settings.defaultHost;
    m_status->setText(tr("Settings saved."));
}

void MainWindow::onActionArrived(const QString &runId, const Action &action, const nlohmann::json &verdict,
                                 const nlohmann::json &judgement)
{
    auto stored = StoredVerdict::fromJson(verdict);
    if (!stored) { // our own wire form: cannot happen unless the build is broken
        showError(QString::fromStdString(stored.error().toString()));
        return;
    }
    LiveAction live{runId, action, std::move(*stored), judgement};
    // An agent's timeline grows in its last band; an action of a band in
    // the middle has it read again with the next list refresh (which also
    // finds the agent's new runs).
    if (m_agentTimelineLoading)
        m_agentTimelineArrivals.push_back(live);
    else if (m_timeline->showsSeveralRuns() && m_timeline->layout().bandOf(runId) >= 0 &&
             !m_timeline->appendAction(runId, action, live.verdict))
        m_agentTimelineStale = true;
    // The shown run grows in place: no reload from the store per action.
    // While it is being loaded, arrivals wait and are added after the load.
    if (runId == m_loadingRun)
        m_liveBuffer.push_back(std::move(live));
    else if (runId == m_shownRun && m_actions->run().summary.runId == runId.toStdString())
        addToShownRun(live);
    // The run list's counts and labels follow at most twice a second.
    if (m_listRefreshQueued)
        return;
    m_listRefreshQueued = true;
    QTimer::singleShot(500, this, [this] {
        m_listRefreshQueued = false;
        reload();
        // Columns follow the first rows of a growing run (a long one keeps its widths).
        if (m_actions->rowCount() <= 200) {
            m_actionView->resizeColumnsToContents();
            m_actionView->setColumnWidth(ActionTableModel::What,
                                         std::min(m_actionView->columnWidth(ActionTableModel::What), 380));
        }
    });
}

void MainWindow::addToShownRun(const LiveAction &live)
{
    if (!m_timeline->showsSeveralRuns())
        m_timeline->appendAction(m_shownRun, live.action, live.verdict);
    m_actions->appendAction(live.action, live.verdict);
    m_banner->setJudgement(live.judgement);
}

void MainWindow::updateApprovalCount(int count)
{
    m_approvalDock->setWindowTitle(tr("Approvals (%1 waiting)").arg(count));
    setWindowTitle(count > 0 ? tr("Warden — %n approval(s) waiting", nullptr, count) : tr("Warden"));
}

void MainWindow::buildUi()
{
    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("mainToolbar"));

    m_runView = new QTableView;
    m_runView->setObjectName(QStringLiteral("runView"));
    m_runView->setModel(m_runs);
    m_runView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runView->verticalHeader()->hide();
    m_runView->horizontalHeader()->setStretchLastSection(true);
    m_runView->horizontalHeader()->setResizeContentsPrecision(200);
    connect(m_runView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                // A list refresh reselects the shown run: it is already here, and growing.
                const QString id = current.data(RunListModel::RunIdRole).toString();
                if (id == m_loadingRun || (id == m_shownRun && m_actions->run().summary.runId == id.toStdString()))
                    return;
                showRun(id);
            });

    m_runSearch = new QLineEdit;
    m_runSearch->setObjectName(QStringLiteral("runSearch"));
    m_runSearch->setClearButtonEnabled(true);
    m_runSearchDelay = new QTimer(this);
    m_runSearchDelay->setSingleShot(true);
    m_runSearchDelay->setInterval(250);
    connect(m_runSearch, &QLineEdit::textChanged, m_runSearchDelay, qOverload<>(&QTimer::start));
    connect(m_runSearchDelay, &QTimer::timeout, this, [this] { searchRuns(m_runSearch->text()); });

    m_agentFilter = new QComboBox;
    m_agentFilter->setObjectName(QStringLiteral("agentFilter"));
    connect(m_agentFilter, &QComboBox::activated, this, [this] { reload(); });
    m_agentTimeline = new QCheckBox;
    m_agentTimeline->setObjectName(QStringLiteral("agentTimeline"));
    m_agentTimeline->setEnabled(false); // until an agent is picked
    connect(m_agentTimeline, &QCheckBox::toggled, this, [this] { syncAgentTimeline(); });

    m_banner = new JudgementBanner;
    connect(m_banner, &JudgementBanner::evidenceActivated, this, [this](qint64 seq) {
        int row = m_actions->rowOfSeq(seq);
        if (row < 0)
            return;
        m_search->clear();
        m_filter->setFilterText(QString()); // now, not after the typing pause: the row must be there
        QModelIndex proxy = m_filter->mapFromSource(m_actions->index(row, 0));
        m_actionView->setCurrentIndex(proxy);
        m_actionView->scrollTo(proxy);
    });

    m_timeline = new TimelineChart;
    m_timeline->setLabelSource([this](const QString &runId, qint64 seq) {
        // The open run's actions say what they did; others' points speak for themselves.
        if (m_actions->run().summary.runId != runId.toStdString())
            return QString();
        const int row = m_actions->rowOfSeq(seq);
        if (row < 0)
            return QString();
        auto a = m_actions->actionAt(row);
        if (!a)
            return QStringLiteral("#%1: %2").arg(seq).arg(QString::fromStdString(a.error().message));
        return QStringLiteral("#%1 %2: %3")
            .arg(seq)
            .arg(QString::fromLatin1(actionKindName(a->kind)), QString::fromStdString(a->describe()).left(120));
    });
    connect(m_timeline, &TimelineChart::actionActivated, this, &MainWindow::openAction);
    connect(m_timeline, &TimelineChart::runActivated, this, &MainWindow::selectRun);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("actionSearch"));
    m_search->setClearButtonEnabled(true);
    // Each filter pass scans every row's stored text; over a large run it waits
    // for a pause in typing rather than running once per key.
    auto *filterDelay = new QTimer(this);
    filterDelay->setSingleShot(true);
    filterDelay->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, filterDelay, qOverload<>(&QTimer::start));
    connect(filterDelay, &QTimer::timeout, this, [this] { m_filter->setFilterText(m_search->text()); });

    m_actionView = new QTableView;
    m_actionView->setObjectName(QStringLiteral("actionView"));
    m_actionView->setModel(m_filter);
    m_actionView->setSortingEnabled(true);
    m_actionView->sortByColumn(ActionTableModel::Seq, Qt::AscendingOrder);
    m_actionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_actionView->verticalHeader()->hide();
    m_actionView->horizontalHeader()->setStretchLastSection(true);
    m_actionView->setWordWrap(false);
    // Column widths from the first rows only: measuring a million rows would stall the window.
    m_actionView->horizontalHeader()->setResizeContentsPrecision(200);
    connect(m_actionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(current); });

    m_detail = new QPlainTextEdit;
    m_detail->setObjectName(QStringLiteral("actionDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFont(QStringLiteral("monospace")));
    m_declaration = new QPlainTextEdit;
    m_declaration->setObjectName(QStringLiteral("declarationView"));
    m_declaration->setReadOnly(true);
    m_declaration->setFont(QFont(QStringLiteral("monospace")));
    m_bottomTabs = new QTabWidget;
    m_bottomTabs->addTab(m_detail, QString());
    m_bottomTabs->addTab(m_declaration, QString());

    auto *runPane = new QWidget;
    auto *runLayout = new QVBoxLayout(runPane);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->addWidget(m_banner);
    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(m_timeline);
    auto *tablePane = new QWidget;
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_search);
    tableLayout->addWidget(m_actionView);
    vertical->addWidget(tablePane);
    vertical->addWidget(m_bottomTabs);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    vertical->setStretchFactor(2, 1);
    runLayout->addWidget(vertical);

    auto *runsPane = new QWidget;
    auto *runsLayout = new QVBoxLayout(runsPane);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    runsLayout->addWidget(m_agentFilter);
    runsLayout->addWidget(m_agentTimeline);
    runsLayout->addWidget(m_runSearch);
    runsLayout->addWidget(m_runView);
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(runsPane);
    split->addWidget(runPane);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    m_hosts = new HostsPanel(QString::fromStdString(HostDirectory::defaultPath()));
    connect(m_hosts, &HostsPanel::failed, this, &MainWindow::showError);
    connect(m_hosts, &HostsPanel::hostsChanged, this, &MainWindow::fillRemoteMenu);
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

    m_approvalPanel = new ApprovalPanel(m_live->approvals(), qEnvironmentVariable("USER", QStringLiteral("reviewer")));
    m_approvalPanel->setDeclarationOf([this](const QString &runId) {
        auto local = m_live->declarationOf(runId);
        return local ? local : m_remote->declarationOf(runId);
    });
    m_approvalPanel->setJudgeView([this](const QString &runId) {
        const QString local = m_live->judgementOf(runId);
        return local.isEmpty() ? m_remote->judgementOf(runId) : local;
    });
    connect(m_approvalPanel, &ApprovalPanel::decisionFailed, this, &MainWindow::showError);
    m_approvalDock = new QDockWidget(this);
    m_approvalDock->setObjectName(QStringLiteral("approvalDock"));
    m_approvalDock->setWidget(m_approvalPanel);
    m_approvalDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_approvalDock->setMinimumWidth(420);
    addDockWidget(Qt::RightDockWidgetArea, m_approvalDock);
    auto *tray = QSystemTrayIcon::isSystemTrayAvailable() ? new QSystemTrayIcon(windowIcon(), this) : nullptr;
    if (tray)
        tray->show();
    // A decided or expired request recolours its action in the shown run.
    connect(&m_live->approvals(), &ApprovalQueue::resolved, this, [this](const ApprovalRequest &r) {
        const QString runId = QString::fromStdString(r.runId);
        m_timeline->setOutcome(runId, r.seq, approvalStateName(r.state)); // when it shows that run
        if (runId == m_shownRun)
            m_actions->setOutcome(r.seq, approvalStateName(r.state));
    });
    connect(m_approvalPanel->model(), &ApprovalQueueModel::pendingCountChanged, this, [this, tray](int count) {
        updateApprovalCount(count);
        if (count > 0) {
            m_approvalDock->raise();
            if (tray)
                tray->showMessage(tr("Warden"), tr("%n privileged request(s) waiting for a decision", nullptr, count));
        }
    });

    m_status = new QLabel;
    statusBar()->addWidget(m_status, 1);
    m_status->setText(tr("Store: %1").arg(m_storePath));
    retranslate();
}

void MainWindow::buildMenus()
{
    // Rebuilt whole when the language changes: the old menus and actions are
    // deleted, which takes them off the menu bar and the toolbar.
    qDeleteAll(m_menus);
    m_menus.clear();
    delete m_menuOwner;
    m_menuOwner = new QObject(this);
    QObject *owner = m_menuOwner;
    auto action = [owner](const QString &text, auto slot) {
        auto *a = new QAction(text, owner);
        QObject::connect(a, &QAction::triggered, owner, std::move(slot));
        return a;
    };
    auto menu = [this](const QString &title) { return m_menus.emplace_back(new QMenu(title, this)); };
    QMenu *demos = menu(tr("Launch demo"));
    for (const auto &[name, label] : std::initializer_list<std::pair<QString, QString>>{
             {QStringLiteral("code-bot"), tr("code-bot: injected CSV steals API keys")},
             {QStringLiteral("kubesleuth"), tr("kubesleuth: log line asks for curl | bash")},
             {QStringLiteral("storage-exfil"), tr("storage-exfil: declared host, stolen payload")}}) {
        demos->addAction(action(label + tr(" (bubblewrap)"), [this, name = name] { startLiveDemo(name, QStringLiteral("bwrap")); }));
        demos->addAction(action(label + tr(" (Docker)"), [this, name = name] { startLiveDemo(name, QStringLiteral("docker")); }));
    }
    m_remoteMenu = demos->addMenu(tr("On a Warden host"));
    demos->addSeparator();
    demos->addAction(action(tr("Custom run: any command under a declaration…"), [this] { startCustomRun(); }));
    demos->addSeparator();
    demos->addAction(action(tr("Replay the recorded code-bot trace (no sandbox)"),
                            [this] { recordExample(QStringLiteral("code-bot")); }));
    fillRemoteMenu();

    auto *reload = action(tr("Reload"), [this] { this->reload(); });
    reload->setShortcut(QKeySequence::Refresh);
    auto *verify = action(tr("Verify the audit chain"), [this] { verifyChain(); });
    auto *report = action(tr("Export incident report (HTML and PDF)…"), [this] { exportReport(); });

    QMenu *console = menu(tr("&Console"));
    console->addAction(tr("Settings…"), QKeySequence::Preferences, owner, [this] { editSettings(); });
    console->addSeparator();
    console->addAction(tr("Quit"), QKeySequence::Quit, owner, [this] { close(); });
    QMenu *investigate = menu(tr("&Investigate"));
    investigate->addAction(tr("Search runs…"), QKeySequence::Find, owner, [this] {
        m_runSearch->setFocus();
        m_runSearch->selectAll();
    });
    investigate->addAction(verify);
    investigate->addSeparator();
    investigate->addAction(report);
    investigate->addAction(tr("Export trace (JSONL)…"), owner, [this] { exportTrace(); });
    QMenu *hostsMenu = menu(tr("&Hosts"));
    hostsMenu->addAction(tr("Show hosts"), owner, [this] { showHosts(); });
    hostsMenu->addAction(tr("Test all hosts"), owner, [this] {
        showHosts();
        m_hosts->testAll();
    });
    for (QMenu *top : {console, investigate, hostsMenu})
        menuBar()->addMenu(top);

    m_toolbar->addAction(reload);
    m_toolbar->addAction(action(tr("Verify chain"), [this] { verifyChain(); }));
    m_toolbar->addAction(action(tr("Export report"), [this] { exportReport(); }));
    auto *launch = demos->menuAction();
    m_toolbar->addAction(launch);
    if (auto *button = qobject_cast<QToolButton *>(m_toolbar->widgetForAction(launch))) {
        button->setObjectName(QStringLiteral("launchButton"));
        button->setPopupMode(QToolButton::InstantPopup);
    }
}

void MainWindow::fillRemoteMenu()
{
    // The Launch menu offers every Warden host on the Hosts screen.
    if (!m_remoteMenu)
        return; // the menus are not built yet; buildMenus() fills it
    m_remoteMenu->clear();
    for (const auto &h : m_hosts->model()->hosts()) {
        if (h.kind != HostProfile::Kind::Warden)
            continue;
        QMenu *host = m_remoteMenu->addMenu(QString::fromStdString(h.name + "  (" + h.address + ")"));
        const QString id = QString::fromStdString(h.id);
        for (const char *demo : {"code-bot", "kubesleuth", "storage-exfil"})
            host->addAction(QString::fromLatin1(demo), this, [this, id, demo] { startRemoteDemo(id, QString::fromLatin1(demo)); });
    }
    if (m_remoteMenu->isEmpty())
        m_remoteMenu->addAction(tr("Add one on the Hosts screen"), this, &MainWindow::showHosts);
}

void MainWindow::retranslate()
{
    buildMenus();
    m_toolbar->setWindowTitle(tr("Main"));
    m_runSearch->setPlaceholderText(tr("Search all runs (agent, host, tool, text)…"));
    m_agentFilter->setToolTip(tr("Show the runs of one agent"));
    m_agentTimeline->setText(tr("Timeline of all the agent's runs"));
    m_agentTimeline->setToolTip(tr("Lay every listed run of the picked agent on the timeline, one band per run, "
                                   "oldest first. The table below shows the open run; click a band or a point to "
                                   "open another."));
    m_search->setPlaceholderText(tr("Filter actions (kind, decision, text)…"));
    m_detail->setPlaceholderText(tr("Select an action to see its request and the rules that decided it."));
    m_bottomTabs->setTabText(0, tr("Action detail"));
    m_bottomTabs->setTabText(1, tr("Declaration"));
    m_screens->setTabText(0, tr("Runs"));
    m_screens->setTabText(1, tr("Hosts"));
    updateApprovalCount(m_approvalPanel->model()->pendingCount());
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_status) {
        retranslate();
        // Texts made from data follow: headers and cells, the agent picker, the panes.
        refreshModelTexts(*m_runs);
        refreshModelTexts(*m_actions);
        m_filter->setFilterText(m_search->text()); // "declared" reads differently now
        reload();
        if (m_actions->run().summary.runId == m_shownRun.toStdString() && !m_shownRun.isEmpty()) {
            showDeclaration(m_actions->run());
            showDetail(m_actionView->currentIndex());
        }
    }
    QMainWindow::changeEvent(event);
}

std::vector<RunSummary> MainWindow::filterByAgent(std::vector<RunSummary> runs)
{
    const QString picked = m_pendingAgent.isEmpty() ? m_agentFilter->currentData().toString() : m_pendingAgent;
    struct Agent {
        int runs = 0;
        std::string lastLabel; // runs come newest first
    };
    std::map<std::string, Agent> agents;
    for (const auto &r : runs) {
        Agent &a = agents[r.agent];
        if (a.runs++ == 0)
            a.lastLabel = r.label;
    }
    m_agentFilter->clear();
    m_agentFilter->addItem(tr("All agents (%n run(s))", nullptr, int(runs.size())), QString());
    for (const auto &[name, a] : agents)
        m_agentFilter->addItem(tr("%1 — %n run(s), last: %2", nullptr, a.runs)
                                   .arg(QString::fromStdString(name),
                                        a.lastLabel.empty() ? tr("not judged") : QString::fromStdString(a.lastLabel)),
                               QString::fromStdString(name));
    const int index = m_agentFilter->findData(picked);
    m_agentFilter->setCurrentIndex(index >= 0 ? index : 0);
    if (index > 0)
        m_pendingAgent.clear();
    if (index <= 0)
        return runs;
    std::erase_if(runs, [&](const RunSummary &r) { return QString::fromStdString(r.agent) != picked; });
    return runs;
}

void MainWindow::showHosts()
{
    m_screens->setCurrentWidget(m_hosts);
}

void MainWindow::searchRuns(const QString &text)
{
    if (m_runSearch->text() != text)
        m_runSearch->setText(text); // the delayed search then finds it already done
    m_runSearchDelay->stop();
    reload();
}

void MainWindow::reload()
{
    const std::string path = m_storePath.toStdString();
    const std::string search = m_runSearch->text().trimmed().toStdString();
    runAsync(
        this,
        [path, search]() -> Result<std::vector<RunSummary>> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            return search.empty() ? reader->listRuns(1000) : reader->searchRuns(search, 1000);
        },
        [this](Result<std::vector<RunSummary>> runs) {
            if (!runs) {
                m_runs->setRuns({});
                m_status->setText(tr("Store: %1 — %2").arg(m_storePath, QString::fromStdString(runs.error().message)));
                Q_EMIT runsLoaded(0);
                return;
            }
            auto shown = filterByAgent(std::move(*runs));
            const int count = static_cast<int>(shown.size());
            m_runs->setRuns(std::move(shown));
            m_runView->resizeColumnsToContents();
            syncAgentTimeline();
            m_status->setText(m_runSearch->text().trimmed().isEmpty()
                                  ? tr("Store: %1 — %n run(s)", nullptr, count).arg(m_storePath)
                                  : tr("%n run(s) match \"%1\"", nullptr, count).arg(m_runSearch->text().trimmed()));
            // Keep showing what the reviewer was looking at across reloads.
            const QString wanted = m_pendingSelection.isEmpty() ? m_shownRun : m_pendingSelection;
            m_pendingSelection.clear();
            if (!wanted.isEmpty())
                selectRun(wanted);
            else if (count > 0 && !m_runView->currentIndex().isValid())
                m_runView->selectRow(0);
            Q_EMIT runsLoaded(count);
        });
}

void MainWindow::selectRun(const QString &runId)
{
    const int row = m_runs->rowOf(runId);
    if (row < 0) {
        m_pendingSelection = runId;
        return;
    }
    m_runView->selectRow(row);
}

void MainWindow::showRun(const QString &runId)
{
    m_loadingRun = runId;
    m_liveBuffer.clear();
    const std::string path = m_storePath.toStdString();
    const std::string id = runId.toStdString();
    runAsync(
        this,
        [path, id]() -> Result<RunDetail> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            return reader->loadRunLog(id);
        },
        [this, runId](Result<RunDetail> run) {
            if (runId != m_loadingRun)
                return; // another run was asked for meanwhile
            m_loadingRun.clear();
            m_shownRun = runId;
            if (!run) {
                showError(QString::fromStdString(run.error().toString()));
                return;
            }
            if (run->judgement)
                m_banner->setJudgement(*run->judgement);
            else
                m_banner->clear();
            if (m_timeline->showsSeveralRuns())
                m_timeline->setCurrentRun(runId); // the agent's timeline stays; this run's band lights up
            else
                m_timeline->setRun(*run);
            showDeclaration(*run);
            const bool sameRun = m_actions->run().summary.runId == run->summary.runId;
            const qint64 selectedSeq = m_actionView->currentIndex().data(ActionTableModel::SeqRole).toLongLong();
            m_actions->setRun(std::move(*run));
            if (sameRun && selectedSeq > 0) {
                const int row = m_actions->rowOfSeq(selectedSeq);
                if (row >= 0)
                    m_actionView->setCurrentIndex(m_filter->mapFromSource(m_actions->index(row, 0)));
            }
            if (m_pendingAction.first == runId) { // a point of this run was clicked on the agent's timeline
                const qint64 seq = m_pendingAction.second;
                m_pendingAction = {};
                openAction(runId, seq);
            }
            m_actionView->resizeColumnsToContents();
            // Long code or commands would push the decision off screen; the detail pane has it all.
            m_actionView->setColumnWidth(ActionTableModel::What,
                                         std::min(m_actionView->columnWidth(ActionTableModel::What), 380));
            m_actionView->horizontalHeader()->setStretchLastSection(true);
            for (const auto &live : m_liveBuffer)
                addToShownRun(live);
            m_liveBuffer.clear();
            Q_EMIT runShown(runId);
        });
}

void MainWindow::openAction(const QString &runId, qint64 seq)
{
    if (runId != m_shownRun || !m_loadingRun.isEmpty() || m_actions->run().summary.runId != runId.toStdString()) {
        m_pendingAction = {runId, seq};
        selectRun(runId);
        return;
    }
    const int row = m_actions->rowOfSeq(seq);
    if (row < 0)
        return;
    QModelIndex proxy = m_filter->mapFromSource(m_actions->index(row, 0));
    if (!proxy.isValid()) { // hidden by the table's filter: clear it, the reviewer asked for this one
        m_search->clear();
        m_filter->setFilterText(QString());
        proxy = m_filter->mapFromSource(m_actions->index(row, 0));
    }
    m_actionView->setCurrentIndex(proxy);
    m_actionView->scrollTo(proxy);
}

void MainWindow::showAgent(const QString &agent, bool timeline)
{
    m_pendingAgent = agent;
    m_agentTimeline->setChecked(timeline);
    reload(); // the picker and the timeline follow the list
}

TimelineLayout MainWindow::openRunPoints() const
{
    TimelineLayout alone;
    alone.addRun(m_actions->run());
    const QString runId = QString::fromStdString(m_actions->run().summary.runId);
    for (const auto &[seq, state] : m_actions->outcomes()) // decided since it was loaded
        alone.setDecision(runId, seq, TimelinePoints::decisionIndex(QString::fromStdString(state)));
    return alone;
}

void MainWindow::showOpenRunOn(TimelineChart *chart) const
{
    TimelineLayout alone = openRunPoints();
    alone.finish();
    chart->setLayout(std::move(alone), QString::fromStdString(m_actions->run().summary.runId));
}

void MainWindow::syncAgentTimeline()
{
    const QString agent = m_agentFilter->currentData().toString();
    m_agentTimeline->setEnabled(!agent.isEmpty());
    if (!m_agentTimeline->isChecked() || agent.isEmpty()) {
        if (m_agentTimelineOf.isEmpty())
            return;
        // Back to the open run alone.
        ++m_agentTimelineGeneration;
        m_agentTimelineOf.clear();
        m_agentTimelineRuns.clear();
        m_agentTimelineStale = false;
        m_agentTimelineLoading = false;
        m_agentTimelineArrivals.clear();
        showOpenRunOn(m_timeline);
        return;
    }
    // The listed runs of the agent, oldest first (the list has them newest first).
    std::vector<RunSummary> runs;
    for (int row = m_runs->rowCount() - 1; row >= 0; --row)
        if (const RunSummary *r = m_runs->runAt(row); r && QString::fromStdString(r->agent) == agent)
            runs.push_back(*r);
    std::stable_sort(runs.begin(), runs.end(), [](const auto &a, const auto &b) { return a.startedMs < b.startedMs; });
    std::vector<std::string> ids;
    for (const auto &r : runs)
        ids.push_back(r.runId);
    if (agent == m_agentTimelineOf && ids == m_agentTimelineRuns && !m_agentTimelineStale)
        return;
    loadAgentTimeline(agent, std::move(runs));
}

void MainWindow::loadAgentTimeline(const QString &agent, std::vector<RunSummary> runs)
{
    m_agentTimelineOf = agent;
    m_agentTimelineRuns.clear();
    for (const auto &r : runs)
        m_agentTimelineRuns.push_back(r.runId);
    m_agentTimelineStale = false;
    m_agentTimelineLoading = true;
    const int generation = ++m_agentTimelineGeneration;
    // Bounded: the newest runs up to this many actions (a point is 24 bytes;
    // reading a run holds its stored text for a moment).
    constexpr std::int64_t kMostActions = 3'000'000;
    std::int64_t total = 0;
    std::size_t first = runs.size();
    while (first > 0 && (first == runs.size() || total + runs[first - 1].actions <= kMostActions))
        total += runs[--first].actions;
    const int leftOut = static_cast<int>(first);
    runs.erase(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(first));
    m_status->setText(tr("Reading %n run(s) of %1 for its timeline…", nullptr, int(runs.size())).arg(agent));
    // The open run is here already: its points are taken now, not read again
    // (a million actions: a tenth of a second against seconds).
    const std::string openRun = m_loadingRun.isEmpty() ? m_actions->run().summary.runId : std::string();
    auto open = std::make_shared<TimelineLayout>();
    if (std::any_of(runs.begin(), runs.end(), [&](const RunSummary &r) { return r.runId == openRun; }))
        *open = openRunPoints();
    const std::string path = m_storePath.toStdString();
    runAsync(
        this,
        [path, runs = std::move(runs), openRun, open]() -> Result<TimelineLayout> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            TimelineLayout layout;
            for (const auto &r : runs) {
                if (r.runId == openRun && !open->bands().empty()) {
                    layout.addRun(std::move(*open));
                    continue;
                }
                auto run = reader->loadRunLog(r.runId); // its text dropped once its points are taken
                if (!run)
                    return std::unexpected(run.error());
                layout.addRun(*run);
            }
            layout.finish();
#ifdef __GLIBC__
            // The runs' stored text (hundreds of MB for a big run) was freed
            // in this worker's heap; hand it back rather than keep it.
            malloc_trim(0);
#endif
            return layout;
        },
        [this, generation, agent, leftOut](Result<TimelineLayout> layout) {
            if (generation != m_agentTimelineGeneration)
                return; // switched off, another agent, or read again since
            m_agentTimelineLoading = false;
            auto arrivals = std::move(m_agentTimelineArrivals);
            m_agentTimelineArrivals.clear();
            if (!layout) {
                showError(tr("The timeline of %1 could not be read: %2")
                              .arg(agent, QString::fromStdString(layout.error().toString())));
                return;
            }
            const int bands = static_cast<int>(layout->bands().size());
            const auto actions = static_cast<qint64>(layout->points().size());
            m_timeline->setLayout(std::move(*layout), m_shownRun);
            for (const auto &a : arrivals)
                if (!m_timeline->appendAction(a.runId, a.action, a.verdict) &&
                    m_timeline->layout().bandOf(a.runId) >= 0)
                    m_agentTimelineStale = true;
            m_status->setText(leftOut > 0 ? tr("Timeline of %1: the newest %n run(s), %2 actions; %3 older run(s) left "
                                               "out",
                                               nullptr, bands)
                                                .arg(agent)
                                                .arg(actions)
                                                .arg(leftOut)
                                          : tr("Timeline of %1: %n run(s), %2 actions", nullptr, bands)
                                                .arg(agent)
                                                .arg(actions));
            Q_EMIT agentTimelineShown(bands, actions);
        });
}

void MainWindow::showDeclaration(const RunDetail &run)
{
    QString text;
    if (auto declaration = Declaration::parse(run.declarationText, "declaration"); declaration) {
        for (const auto &[topic, value] : summarizeDeclaration(*declaration))
            text += QStringLiteral("%1: %2\n").arg(QString::fromStdString(topic), -16).arg(QString::fromStdString(value));
    } else {
        text = tr("The stored declaration does not parse: %1\n").arg(QString::fromStdString(declaration.error().toString()));
    }
    text += tr("\nAs declared (%1 bytes):\n").arg(run.declarationText.size());
    text += QString::fromStdString(run.declarationText);
    m_declaration->setPlainText(text);
}

void MainWindow::verifyChain()
{
    m_status->setText(tr("Verifying the audit chain…"));
    const std::string path = m_storePath.toStdString();
    runAsync(this, [path] { return ReportExporter::verifyChain(path); },
             [this](std::pair<bool, QString> result) {
                 const QString text = tr("Audit chain of %1: %2").arg(m_storePath, result.second);
                 m_status->setText(text);
                 Q_EMIT chainVerified(result.first, result.second);
                 m_notify(this, tr("Audit chain"), text, !result.first);
             });
}

QString MainWindow::exportTarget(const QString &given, const QString &noRun, const QString &title,
                                 const QString &suggestedPattern, const QString &filter)
{
    if (m_shownRun.isEmpty()) {
        showError(noRun);
        return {};
    }
    if (!given.isEmpty())
        return given;
    return m_chooseFile(this, title, suggestedPattern.arg(m_shownRun.left(8)), filter);
}

void MainWindow::exportReport(const QString &basePath)
{
    const QString base = exportTarget(basePath, tr("Select a run to report on first."), tr("Export incident report"),
                                      QStringLiteral("warden-report-%1.html"), tr("Incident report (*.html *.pdf)"));
    if (base.isEmpty())
        return;
    const std::string runId = m_shownRun.toStdString();
    m_status->setText(tr("Writing the incident report…"));
    if (!m_timeline->showsSeveralRuns()) {
        writeReport(runId, m_timeline->grab().toImage(), base);
        return;
    }
    // The report is about one run: it is pictured alone, at the same size,
    // once Qt Charts has laid the new chart's axes out (on the next turn of
    // the event loop; a grab before that shows the axes of nothing).
    auto *single = new TimelineChart;
    single->setAttribute(Qt::WA_DontShowOnScreen);
    single->resize(m_timeline->size());
    single->show();
    showOpenRunOn(single);
    QTimer::singleShot(0, this, [this, single, runId, base] {
        const QImage picture = single->grab().toImage();
        single->deleteLater();
        writeReport(runId, picture, base);
    });
}

void MainWindow::writeReport(const std::string &runId, const QImage &timeline, const QString &base)
{
    // The picture was taken on the GUI thread; the rest happens on a worker.
    const std::string path = m_storePath.toStdString();
    runAsync(this, [path, runId, timeline, base] { return ReportExporter::write(path, runId, timeline, base); },
             [this](Result<ReportExporter::Written> written) {
                 if (!written) {
                     showError(tr("The report was not written: %1").arg(QString::fromStdString(written.error().toString())));
                     return;
                 }
                 m_status->setText(tr("Report written: %1 and %2 (audit chain %3)")
                                       .arg(written->html, written->pdf, written->chainStatus));
                 Q_EMIT reportExported(written->html, written->pdf);
             });
}

void MainWindow::exportTrace(const QString &chosen)
{
    const QString target = exportTarget(chosen, tr("Select a run to export first."), tr("Export trace"),
                                        QStringLiteral("warden-trace-%1.jsonl"), tr("Trace (*.jsonl)"));
    if (target.isEmpty())
        return;
    const std::string path = m_storePath.toStdString();
    const std::string runId = m_shownRun.toStdString();
    const std::string file = target.toStdString();
    runAsync(
        this,
        [path, runId, file]() -> Result<std::int64_t> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            if (!out)
                return fail("cannot open for writing", {}, 0, file);
            auto written = reader->exportTrace(runId, out);
            out.close();
            if (written && !out)
                return fail("cannot write the trace", {}, 0, file);
            return written;
        },
        [this, target](Result<std::int64_t> written) {
            if (!written) {
                showError(tr("The trace was not exported: %1").arg(QString::fromStdString(written.error().toString())));
                return;
            }
            const qint64 count = written.value_or(0);
            m_status->setText(tr("%n action(s) exported to %1", nullptr, int(count)).arg(target));
            Q_EMIT traceExported(target, count);
        });
}

void MainWindow::showDetail(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(tr("Action\n%1\n\nVerdict\n%2")
                               .arg(proxyIndex.data(ActionTableModel::ActionJsonRole).toString(),
                                    proxyIndex.data(ActionTableModel::VerdictJsonRole).toString()));
}

void MainWindow::recordExample(const QString &name)
{
    const std::string path = m_storePath.toStdString();
    const std::string example = name.toStdString();
    m_status->setText(tr("Replaying %1…").arg(name));
    runAsync(
        this,
        [path, example]() -> Result<std::string> {
            auto store = AuditStore::open(path);
            if (!store)
                return std::unexpected(store.error());
            return ExampleReplay::record(example, **store);
        },
        [this](Result<std::string> runId) {
            if (!runId) {
                showError(QString::fromStdString(runId.error().toString()));
                return;
            }
            m_pendingSelection = QString::fromStdString(*runId);
            reload();
        });
}

void MainWindow::showError(const QString &message)
{
    m_status->setText(message);
    Q_EMIT failed(message);
}

} // namespace warden::ui
