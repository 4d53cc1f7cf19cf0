#include "ui/run/RunView.h"

#include "core/common/AsyncJob.h"
#include "core/report/Provenance.h"
#include "core/store/RunReader.h"
#include "ui/common/DisplayWords.h"
#include "ui/run/ActionDetailPane.h"
#include "ui/run/ActionFilterProxy.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/JudgementBanner.h"
#include "ui/run/ProvenanceView.h"
#include "ui/timeline/TimelineChart.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace warden::ui {

namespace {

// A run as read on the worker: its records, and why its actions happened.
struct LoadedRun {
    RunDetail run;
    std::shared_ptr<const Provenance> provenance;
};

} // namespace

RunView::RunView(QString storePath, QWidget *parent)
    : QWidget(parent),
      m_storePath(std::move(storePath)),
      m_actions(new ActionTableModel(this)),
      m_filter(new ActionFilterProxy(m_actions, this)),
      m_banner(new JudgementBanner),
      m_timeline(new TimelineChart),
      m_search(new QLineEdit),
      m_sourceFilter(new QComboBox),
      m_actionView(new QTableView),
      m_detail(new ActionDetailPane(*m_actions))
{
    setObjectName(QStringLiteral("runPane"));
    connect(m_banner, &JudgementBanner::evidenceActivated, this, [this](qint64 seq) { openAction(m_shownRun, seq); });

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
    connect(m_timeline, &TimelineChart::actionActivated, this, &RunView::openAction);
    connect(m_detail->provenanceView(), &ProvenanceView::actionActivated, this,
            [this](qint64 seq) { openAction(m_shownRun, seq); });

    m_search->setObjectName(QStringLiteral("actionSearch"));
    m_search->setClearButtonEnabled(true);
    // Each filter pass scans every row's stored text; over a large run it
    // waits for a pause in typing rather than running once per key.
    auto *filterDelay = new QTimer(this);
    filterDelay->setSingleShot(true);
    filterDelay->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, filterDelay, qOverload<>(&QTimer::start));
    connect(filterDelay, &QTimer::timeout, this, [this] { m_filter->setFilterText(m_search->text()); });

    m_sourceFilter->setObjectName(QStringLiteral("sourceFilter"));
    for (ActionSource s : {ActionSource::Unknown, ActionSource::Gateway, ActionSource::Proxy, ActionSource::Scanner,
                           ActionSource::Syscall, ActionSource::Mcp, ActionSource::Model})
        m_sourceFilter->addItem(QString(), static_cast<int>(s)); // texts in retranslate()
    connect(m_sourceFilter, &QComboBox::activated, this, [this](int index) {
        m_filter->setSourceFilter(
            index <= 0 ? std::nullopt
                       : std::optional(static_cast<ActionSource>(m_sourceFilter->itemData(index).toInt())));
    });

    m_actionView->setObjectName(QStringLiteral("actionView"));
    m_actionView->setModel(m_filter);
    m_actionView->setSortingEnabled(true);
    m_actionView->sortByColumn(ActionTableModel::Seq, Qt::AscendingOrder);
    m_actionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_actionView->verticalHeader()->hide();
    m_actionView->setWordWrap(false); // the action and the reasons stretch (fitColumns)
    // Column widths from the first rows only: measuring a million rows would stall the window.
    m_actionView->horizontalHeader()->setResizeContentsPrecision(200);
    connect(m_actionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_detail->showAction(current); });
    // A reset (another run) leaves no row selected: the detail must not keep the old one.
    connect(m_filter, &QAbstractItemModel::modelReset, m_detail, &ActionDetailPane::clear);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(m_timeline);
    auto *tablePane = new QWidget;
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_sourceFilter);
    tableLayout->addLayout(filters);
    tableLayout->addWidget(m_actionView);
    vertical->addWidget(tablePane);
    vertical->addWidget(m_detail);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    vertical->setStretchFactor(2, 1);
    layout->addWidget(vertical);
    // The chain of an injection is read top to bottom: the pane grows to
    // two fifths of the height; the timeline keeps at most three tenths.
    connect(m_detail, &ActionDetailPane::chainBroughtForward, this, [vertical] {
        const QList<int> sizes = vertical->sizes();
        const int total = sizes.value(0) + sizes.value(1) + sizes.value(2);
        if (total <= 0 || sizes.value(2) >= total * 2 / 5)
            return;
        const int timeline = std::min(sizes.value(0), total * 3 / 10);
        vertical->setSizes({timeline, total - timeline - total * 2 / 5, total * 2 / 5});
    });
    retranslate();
}

void RunView::retranslate()
{
    m_search->setPlaceholderText(tr("Filter actions (kind, decision, text)…"));
    m_sourceFilter->setItemText(0, tr("Seen anywhere"));
    for (int i = 1; i < m_sourceFilter->count(); ++i)
        m_sourceFilter->setItemText(
            i, tr("Seen by: %1")
                   .arg(DisplayWords::source(static_cast<ActionSource>(m_sourceFilter->itemData(i).toInt()))));
    m_detail->retranslate();
}

void RunView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        m_filter->setFilterText(m_search->text()); // "declared" reads differently now
        if (isLoaded(m_shownRun) && !m_shownRun.isEmpty()) {
            m_detail->showDeclaration(m_actions->run());
            m_detail->showAction(m_actionView->currentIndex());
        }
    }
    QWidget::changeEvent(event);
}

bool RunView::isLoaded(const QString &runId) const
{
    return runId == m_shownRun && m_loadingRun.isEmpty() && m_actions->run().summary.runId == runId.toStdString();
}

void RunView::clear()
{
    m_loadingRun.clear();
    m_shownRun.clear();
    m_liveBuffer.clear();
    m_actions->clear();
    m_banner->clear();
    m_detail->clear();
    m_detail->showProvenance(nullptr, false, false);
    if (!m_timeline->showsSeveralRuns())
        m_timeline->setRun(RunDetail{});
}

void RunView::showRun(const QString &runId)
{
    m_loadingRun = runId;
    m_liveBuffer.clear();
    m_liveOutput.clear();
    const std::string path = m_storePath.toStdString();
    const std::string id = runId.toStdString();
    runAsync(
        this,
        [path, id]() -> Result<LoadedRun> {
            auto reader = RunReader::open(path);
            auto run = reader ? reader->loadRunIndex(id) : Result<RunDetail>(std::unexpected(reader.error()));
            if (!run)
                return std::unexpected(run.error());
            // The chain needs the text: it comes with it (loadText) when the
            // rows came first.
            auto provenance = run->log.textLoaded() ? std::make_shared<const Provenance>(Provenance::build(*run))
                                                    : std::shared_ptr<const Provenance>();
            return LoadedRun{std::move(*run), std::move(provenance)};
        },
        [this, runId, path](Result<LoadedRun> loaded) {
            if (runId != m_loadingRun)
                return; // another run was asked for meanwhile
            m_loadingRun.clear();
            if (!loaded) {
                Q_EMIT failed(QString::fromStdString(loaded.error().toString()));
                return;
            }
            RunDetail *run = &loaded->run;
            const bool sameRun = m_actions->run().summary.runId == run->summary.runId;
            const bool textFollows = !run->log.textLoaded();
            if (!textFollows)
                m_detail->showProvenance(loaded->provenance, !run->modelTurns.empty(), sameRun);
            m_shownRun = runId;
            m_banner->clear();
            m_banner->setRunState(QString::fromStdString(run->summary.state), QString::fromStdString(run->stateReason),
                                  run->summary.actions);
            if (run->judgement)
                m_banner->setJudgement(*run->judgement);
            if (m_timeline->showsSeveralRuns())
                m_timeline->setCurrentRun(runId); // the agent's timeline stays; this run's band lights up
            else
                m_timeline->setRun(*run);
            m_detail->showDeclaration(*run);
            m_detail->showOutput(*run);
            for (const QString &line : std::exchange(m_liveOutput, {}))
                m_detail->appendOutput(line);
            const qint64 selectedSeq = m_actionView->currentIndex().data(ActionTableModel::SeqRole).toLongLong();
            m_actions->setRun(std::move(*run));
            if (textFollows) {
                // The rows on screen read their own records meanwhile, on
                // this thread: one small read each, a few screens kept.
                auto reader = std::make_shared<std::optional<RunReader>>();
                m_actions->setTextFetch([reader, path](std::int64_t record) -> std::optional<std::string> {
                    if (!*reader)
                        if (auto opened = RunReader::open(path))
                            reader->emplace(std::move(*opened));
                    return *reader ? (*reader)->recordText(record) : std::nullopt;
                });
                loadText(runId, sameRun);
            }
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
            fitColumns();
            for (const auto &live : m_liveBuffer)
                addToShownRun(live);
            m_liveBuffer.clear();
            Q_EMIT runShown(runId);
        });
}

void RunView::loadText(const QString &runId, bool sameRun)
{
    const std::string path = m_storePath.toStdString();
    const std::string id = runId.toStdString();
    runAsync(
        this,
        [path, id]() -> Result<LoadedRun> {
            auto reader = RunReader::open(path);
            auto run = reader ? reader->loadRunIndex(id) : Result<RunDetail>(std::unexpected(reader.error()));
            if (!run)
                return std::unexpected(run.error());
            if (!run->log.textLoaded()) {
                auto text = reader->loadRunText(id);
                if (!text)
                    return std::unexpected(text.error());
                if (auto adopted = run->log.adoptText(std::move(text->text), text->spans); !adopted)
                    return std::unexpected(adopted.error());
            }
            auto provenance = std::make_shared<const Provenance>(Provenance::build(*run));
            return LoadedRun{std::move(*run), std::move(provenance)};
        },
        [this, runId, sameRun](Result<LoadedRun> loaded) {
            if (runId != m_shownRun || !m_loadingRun.isEmpty())
                return; // another run is shown, or asked for, by now
            if (!loaded) {
                Q_EMIT failed(QString::fromStdString(loaded.error().toString()));
                return;
            }
            const bool hasTurns = !loaded->run.modelTurns.empty();
            const bool adopted = m_actions->adoptText(std::move(loaded->run));
#ifdef __GLIBC__
            // The rows replaced, and the worker's spans, go back to the system.
            malloc_trim(0);
#endif
            if (!adopted)
                return;
            m_detail->showProvenance(loaded->provenance, hasTurns, sameRun);
            // Search and the text columns' order take in the text now.
            if (!m_search->text().isEmpty() || m_filter->sortColumn() == ActionTableModel::What ||
                m_filter->sortColumn() == ActionTableModel::Why)
                m_filter->invalidate();
            Q_EMIT textLoaded(runId);
        });
}

void RunView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

void RunView::fitColumns()
{
    // Short columns fit their contents; the action text and the reasons
    // share what is left, so that from 1024 px up the decision and whether
    // it was declared are always on screen without scrolling (long text is
    // elided: the detail pane and the tooltip have it whole). When the room
    // is short, the columns the timeline and the detail also show go first:
    // the time, then who saw it, then the kind. The room counts the
    // vertical scroll bar a growing run will bring.
    QHeaderView *header = m_actionView->horizontalHeader();
    int fixed = 0;
    for (int c : {ActionTableModel::Seq, ActionTableModel::Decision, ActionTableModel::Declared}) {
        m_actionView->setColumnHidden(c, false);
        m_actionView->resizeColumnToContents(c);
        fixed += m_actionView->columnWidth(c);
    }
    const QScrollBar *bar = m_actionView->verticalScrollBar();
    int room = m_actionView->viewport()->width() - (bar->isVisible() ? 0 : bar->sizeHint().width()) - fixed;
    constexpr int kTextColumns = 2 * 120; // the action and the reasons
    for (int c : {ActionTableModel::Kind, ActionTableModel::Source, ActionTableModel::Time}) {
        m_actionView->setColumnHidden(c, false);
        m_actionView->resizeColumnToContents(c);
        const int width = m_actionView->columnWidth(c);
        const bool fits = room - width >= kTextColumns;
        m_actionView->setColumnHidden(c, !fits);
        if (fits)
            room -= width;
    }
    header->setSectionResizeMode(ActionTableModel::What, QHeaderView::Stretch);
    header->setSectionResizeMode(ActionTableModel::Why, QHeaderView::Stretch);
}

void RunView::addLiveOutput(const QString &runId, const QString &line)
{
    // Lines that come while the run loads follow its stored ones.
    if (runId == m_loadingRun) {
        if (m_liveOutput.size() < 10'000)
            m_liveOutput << line;
    } else if (runId == m_shownRun) {
        m_detail->appendOutput(line);
    }
}

void RunView::addLiveAction(const LiveAction &live)
{
    // The shown run grows in place: no read from the store per action.
    // While it is being read, arrivals wait and are added after.
    if (isLoading(live.runId))
        m_liveBuffer.push_back(live);
    else if (isLoaded(live.runId))
        addToShownRun(live);
    else
        return;
    if (m_actions->rowCount() <= 200) // columns follow the first rows of a growing run
        fitColumns();
}

void RunView::addToShownRun(const LiveAction &live)
{
    if (!m_timeline->showsSeveralRuns())
        m_timeline->appendAction(m_shownRun, live.action, live.verdict);
    m_actions->appendAction(live.action, live.verdict);
    m_banner->setJudgement(live.judgement);
    if (m_actionView->currentIndex().isValid()) // the selected action may be the one decided
        m_detail->showAction(m_actionView->currentIndex());
}

void RunView::setApproval(const QString &runId, const nlohmann::json &approval)
{
    const auto seq =
        approval.contains("seq") && approval.at("seq").is_number_integer() ? approval.at("seq").get<qint64>() : -1;
    const std::string state = approval.contains("state") && approval.at("state").is_string()
                                  ? approval.at("state").get<std::string>()
                                  : std::string();
    m_timeline->setOutcome(runId, seq, state); // when it shows that run
    if (!isLoaded(runId))
        return;
    m_actions->setApproval(approval);
    if (m_actionView->currentIndex().data(ActionTableModel::SeqRole).toLongLong() == seq)
        m_detail->showAction(m_actionView->currentIndex());
}

void RunView::setRunState(const QString &runId, const QString &state, const QString &detail)
{
    if (isLoaded(runId))
        m_banner->setRunState(state, detail, m_actions->rowCount());
}

void RunView::openAction(const QString &runId, qint64 seq)
{
    if (!isLoaded(runId)) {
        m_pendingAction = {runId, seq};
        Q_EMIT runWanted(runId);
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

TimelineLayout RunView::openRunPoints() const
{
    TimelineLayout alone;
    alone.addRun(m_actions->run());
    const QString runId = QString::fromStdString(m_actions->run().summary.runId);
    for (const auto &[seq, state] : m_actions->outcomes()) // decided since it was read
        alone.setDecision(runId, seq, TimelinePoints::decisionIndex(QString::fromStdString(state)));
    return alone;
}

void RunView::showOpenRunOn(TimelineChart *chart) const
{
    TimelineLayout alone = openRunPoints();
    alone.finish();
    chart->setLayout(std::move(alone), QString::fromStdString(m_actions->run().summary.runId));
}

} // namespace warden::ui
