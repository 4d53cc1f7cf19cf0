#include "ui/runs/RunListModel.h"

#include "ui/common/DisplayWords.h"

#include "ui/common/LabelColors.h"

#include <QDateTime>

namespace warden::ui {

RunListModel::RunListModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunListModel::setRuns(std::vector<RunSummary> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

const RunSummary *RunListModel::runAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_runs.size()) ? &m_runs[static_cast<std::size_t>(row)] : nullptr;
}

int RunListModel::rowOf(const QString &runId) const
{
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        if (QString::fromStdString(m_runs[i].runId) == runId)
            return static_cast<int>(i);
    return -1;
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    const RunSummary *run = index.isValid() ? runAt(index.row()) : nullptr;
    if (!run)
        return {};
    if (role == RunIdRole)
        return QString::fromStdString(run->runId);
    if (role == LabelRole)
        return QString::fromStdString(run->label);
    if (role == Qt::ForegroundRole && index.column() == Judgement && run->state == "failed" && run->actions == 0)
        return LabelColors::forDecision(QStringLiteral("deny"));
    if (role == Qt::ForegroundRole && index.column() == Judgement && !run->label.empty())
        return LabelColors::forLabel(QString::fromStdString(run->label));
    if (role == Qt::ToolTipRole && index.column() == Started)
        return QDateTime::fromMSecsSinceEpoch(run->startedMs).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(run->summary);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Started: {
        // Today's runs by their time alone; the tooltip has the whole date.
        const QDateTime started = QDateTime::fromMSecsSinceEpoch(run->startedMs);
        return started.date() == QDate::currentDate() ? started.toString(QStringLiteral("hh:mm:ss"))
                                                      : started.toString(QStringLiteral("yyyy-MM-dd hh:mm"));
    }
    case Agent: return QString::fromStdString(run->agent);
    case State: return DisplayWords::runState(QString::fromStdString(run->state));
    case Actions: return static_cast<qlonglong>(run->actions);
    case Judgement:
        // A run that failed before its agent did anything was never judged,
        // whatever the judge said over no actions.
        if (run->state == "failed" && run->actions == 0)
            return tr("none: the run failed");
        // A failed run is never shown benign.
        if (run->label.empty() || (run->state == "failed" && run->label == "benign"))
            return DisplayWords::runLabel(run->state, run->label);
        return tr("%1 (%2)")
            .arg(DisplayWords::label(QString::fromStdString(run->label)))
            .arg(run->confidence, 0, 'f', 2);
    default: return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Started: return tr("Started");
    case Agent: return tr("Agent");
    case State: return tr("State");
    case Actions: return tr("Actions");
    case Judgement: return tr("Judgement");
    default: return {};
    }
}

} // namespace warden::ui
