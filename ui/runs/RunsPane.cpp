#include "ui/runs/RunsPane.h"

#include "core/common/AsyncJob.h"
#include "core/store/RunReader.h"
#include "ui/common/DisplayWords.h"
#include "ui/common/ModelTexts.h"
#include "ui/runs/RunListModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <map>

namespace warden::ui {

RunsPane::RunsPane(QString storePath, QWidget *parent)
    : QWidget(parent),
      m_storePath(std::move(storePath)),
      m_model(new RunListModel(this)),
      m_view(new QTableView),
      m_search(new QLineEdit),
      m_searchDelay(new QTimer(this)),
      m_agentFilter(new QComboBox),
      m_agentTimeline(new QCheckBox)
{
    setObjectName(QStringLiteral("runsPane"));
    m_view->setObjectName(QStringLiteral("runView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setResizeContentsPrecision(200);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    Q_EMIT runChosen(current.data(RunListModel::RunIdRole).toString());
            });

    m_search->setObjectName(QStringLiteral("runSearch"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &RunsPane::reload);

    m_agentFilter->setObjectName(QStringLiteral("agentFilter"));
    connect(m_agentFilter, &QComboBox::activated, this, &RunsPane::reload);
    m_agentTimeline->setObjectName(QStringLiteral("agentTimeline"));
    m_agentTimeline->setEnabled(false); // until an agent is picked
    connect(m_agentTimeline, &QCheckBox::toggled, this, &RunsPane::agentTimelineChanged);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_agentFilter);
    layout->addWidget(m_agentTimeline);
    layout->addWidget(m_search);
    layout->addWidget(m_view);
    retranslate();
}

void RunsPane::retranslate()
{
    m_search->setPlaceholderText(tr("Search all runs (agent, host, tool, text)…"));
    m_agentFilter->setToolTip(tr("Show the runs of one agent"));
    m_agentTimeline->setText(tr("Timeline of all the agent's runs"));
    m_agentTimeline->setToolTip(tr("Lay every listed run of the picked agent on the timeline, one band per run, "
                                   "oldest first. The table below shows the open run; click a band or a point to "
                                   "open another."));
}

void RunsPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refreshModelTexts(*m_model);
        reload(); // the agent picker's texts
    }
    QWidget::changeEvent(event);
}

QString RunsPane::pickedAgent() const
{
    return m_agentFilter->currentData().toString();
}

bool RunsPane::agentTimelineWanted() const
{
    return m_agentTimeline->isChecked();
}

void RunsPane::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void RunsPane::search(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text); // the delayed search then finds it already done
    m_searchDelay->stop();
    reload();
}

void RunsPane::showAgent(const QString &agent, bool timeline)
{
    m_pendingAgent = agent;
    m_agentTimeline->setChecked(timeline);
    reload(); // the picker and the timeline follow the list
}

void RunsPane::selectRun(const QString &runId)
{
    const int row = m_model->rowOf(runId);
    if (row < 0) {
        m_pendingSelection = runId;
        return;
    }
    m_pendingSelection.clear();
    m_view->selectRow(row);
}

void RunsPane::reload()
{
    const std::string path = m_storePath.toStdString();
    const QString text = m_search->text().trimmed();
    const std::string search = text.toStdString();
    const int generation = ++m_generation;
    runAsync(
        this,
        [path, search]() -> Result<std::vector<RunSummary>> {
            auto reader = RunReader::open(path);
            if (!reader)
                return std::unexpected(reader.error());
            return search.empty() ? reader->listRuns(1000) : reader->searchRuns(search, 1000);
        },
        [this, generation, text](Result<std::vector<RunSummary>> runs) {
            if (generation != m_generation)
                return; // a newer list is on its way
            if (!runs) {
                m_model->setRuns({});
                Q_EMIT loaded(0, tr("Store: %1 — %2").arg(m_storePath, QString::fromStdString(runs.error().message)));
                return;
            }
            auto shown = filterByAgent(std::move(*runs));
            const int count = static_cast<int>(shown.size());
            m_model->setRuns(std::move(shown));
            m_view->resizeColumnsToContents();
            Q_EMIT agentTimelineChanged();
            // What the run view shows stays selected; a run asked for before
            // it was listed is selected once it is.
            if (!m_pendingSelection.isEmpty() && m_model->rowOf(m_pendingSelection) >= 0)
                selectRun(m_pendingSelection);
            else if (!m_shownRun.isEmpty() && m_model->rowOf(m_shownRun) >= 0)
                m_view->selectRow(m_model->rowOf(m_shownRun));
            else if (m_pendingSelection.isEmpty() && count > 0)
                m_view->selectRow(0); // the open run is not listed (any more): the first that is
            else if (m_pendingSelection.isEmpty() && !m_shownRun.isEmpty())
                Q_EMIT nothingToShow();
            if (count == 0 && text.isEmpty())
                Q_EMIT loaded(0, tr("No runs yet. Launch one: Run ▸ Launch the code-bot demo (Ctrl+N), or a custom "
                                    "run (Ctrl+Shift+N)."));
            else
                Q_EMIT loaded(count, text.isEmpty() ? tr("Store: %1 — %n run(s)", nullptr, count).arg(m_storePath)
                                                    : tr("%n run(s) match \"%1\"", nullptr, count).arg(text));
        });
}

std::vector<RunSummary> RunsPane::filterByAgent(std::vector<RunSummary> runs)
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
        m_agentFilter->addItem(
            tr("%1 — %n run(s), last: %2", nullptr, a.runs)
                .arg(QString::fromStdString(name),
                     a.lastLabel.empty() ? tr("not judged") : DisplayWords::label(QString::fromStdString(a.lastLabel))),
            QString::fromStdString(name));
    const int index = m_agentFilter->findData(picked);
    m_agentFilter->setCurrentIndex(index >= 0 ? index : 0);
    m_agentTimeline->setEnabled(index > 0);
    if (index > 0)
        m_pendingAgent.clear();
    if (index <= 0)
        return runs;
    std::erase_if(runs, [&](const RunSummary &r) { return QString::fromStdString(r.agent) != picked; });
    return runs;
}

} // namespace warden::ui
