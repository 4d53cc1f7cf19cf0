#include "run/ActionTableModel.h"

#include "common/LabelColors.h"
#include "common/Timestamp.h"

#include <algorithm>

namespace warden::ui {

ActionTableModel::ActionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ActionTableModel::setRun(RunDetail run)
{
    beginResetModel();
    m_run = std::move(run);
    m_outcomes.clear();
    for (const auto &a : m_run.approvals) {
        const std::string state = a.value("state", std::string());
        if (state != "pending" && a.contains("seq") && a.at("seq").is_number_integer())
            m_outcomes[a.at("seq").get<std::int64_t>()] = state;
    }
    endResetModel();
}

void ActionTableModel::appendAction(Action action, StoredVerdict verdict)
{
    if (!m_run.actions.empty() && action.seq <= m_run.actions.back().seq)
        return; // already shown (a reload got there first)
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_run.actions.push_back(std::move(action));
    m_run.verdicts.push_back(std::move(verdict));
    m_run.summary.actions = static_cast<std::int64_t>(m_run.actions.size());
    endInsertRows();
}

void ActionTableModel::setOutcome(std::int64_t seq, const std::string &state)
{
    const int row = rowOfSeq(seq);
    if (row < 0)
        return;
    m_outcomes[seq] = state;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ActionTableModel::clear()
{
    setRun(RunDetail{});
}

int ActionTableModel::rowOfSeq(std::int64_t seq) const
{
    auto it = std::lower_bound(m_run.actions.begin(), m_run.actions.end(), seq,
                               [](const Action &a, std::int64_t s) { return a.seq < s; });
    return it != m_run.actions.end() && it->seq == seq ? static_cast<int>(it - m_run.actions.begin()) : -1;
}

int ActionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_run.actions.size());
}

int ActionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const Action &a = m_run.actions[row];
    static const StoredVerdict unjudged;
    const StoredVerdict &v = row < m_run.verdicts.size() ? m_run.verdicts[row] : unjudged;
    const auto outcome = m_outcomes.find(a.seq);
    const QString decision = QString::fromStdString(outcome != m_outcomes.end() ? outcome->second : v.decision);

    switch (role) {
    case SeqRole:
        return static_cast<qlonglong>(a.seq);
    case DecisionRole:
        return decision;
    case KindRole:
        return QString::fromLatin1(actionKindName(a.kind));
    case ActionJsonRole:
        return QString::fromStdString(a.toJson().dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    case VerdictJsonRole:
        return QString::fromStdString(
            v.toJson(a.seq, actionKindName(a.kind)).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    case Qt::ForegroundRole:
        if (index.column() == Decision)
            return LabelColors::forDecision(decision);
        if (index.column() == Declared && !v.declared)
            return LabelColors::forDecision(QStringLiteral("deny"));
        return {};
    case Qt::ToolTipRole:
        return index.column() == Why || index.column() == What ? data(index, Qt::DisplayRole) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Seq:
        return static_cast<qlonglong>(a.seq);
    case Time:
        return a.timeMs ? QString::fromStdString(Timestamp::format(*a.timeMs)).mid(11, 8) : QString();
    case Kind:
        return QString::fromLatin1(actionKindName(a.kind));
    case What:
        // One line per row: code and multi-line parameters stay readable in the detail pane.
        return QString::fromStdString(a.describe()).replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    case Decision:
        return decision;
    case Declared:
        return v.declared ? tr("declared") : tr("undeclared");
    case Why:
        return QString::fromStdString(v.why());
    default:
        return {};
    }
}

QVariant ActionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Seq: return tr("Seq");
    case Time: return tr("Time (UTC)");
    case Kind: return tr("Kind");
    case What: return tr("Action");
    case Decision: return tr("Decision");
    case Declared: return tr("Declared");
    case Why: return tr("Why");
    default: return {};
    }
}

} // namespace warden::ui
