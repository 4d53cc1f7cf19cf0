#include "ui/run/ActionTableModel.h"
#include "core/json/JsonLookup.h"

#include "core/common/Timestamp.h"
#include "ui/common/DisplayWords.h"
#include "ui/common/LabelColors.h"

#include <algorithm>

namespace warden::ui {

namespace {

// Rows parsed for display at a time: several screens' worth; a sort or
// filter never goes through here.
constexpr std::size_t kParsedRows = 4096;

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool containsFolded(std::string_view haystack, const std::string &lowerNeedle)
{
    if (lowerNeedle.size() > haystack.size())
        return false;
    auto it = std::search(haystack.begin(), haystack.end(), lowerNeedle.begin(), lowerNeedle.end(),
                          [](char h, char n) { return lowerAscii(h) == n; });
    return it != haystack.end();
}

QString timeOfDay(std::int64_t timeMs)
{
    return timeMs == ActionLog::kNoTime ? QString() : QString::fromStdString(Timestamp::format(timeMs)).mid(11, 8);
}

QString pretty(std::string_view stored)
{
    auto json = nlohmann::json::parse(stored, nullptr, false);
    if (json.is_discarded())
        return ActionTableModel::tr("(the stored record is not JSON)");
    return QString::fromStdString(json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace

ActionTableModel::ActionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ActionTableModel::setRun(RunDetail run)
{
    beginResetModel();
    m_run = std::move(run);
    m_parsed.clear();
    m_outcomes.clear();
    m_approvals.clear();
    for (const auto &a : m_run.approvals) {
        if (!a.contains("seq") || !a.at("seq").is_number_integer())
            continue;
        const auto seq = a.at("seq").get<std::int64_t>();
        m_approvals[seq] = a;
        if (const std::string state = JsonLookup::stringOr(a, "state"); state != "pending")
            m_outcomes[seq] = state;
    }
    endResetModel();
}

void ActionTableModel::appendAction(const Action &action, const StoredVerdict &verdict)
{
    if (!m_run.log.empty() && action.seq <= m_run.log.row(m_run.log.size() - 1).seq)
        return; // already shown (a reload got there first)
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_run.log.append(action, verdict);
    m_run.summary.actions = static_cast<std::int64_t>(m_run.log.size());
    endInsertRows();
}

bool ActionTableModel::adoptText(RunDetail full)
{
    if (full.summary.runId != m_run.summary.runId || m_run.log.textLoaded())
        return false;
    ActionLog &loaded = full.log;
    // Rows that came live after `full` was read are taken along, with their text.
    for (std::size_t i = 0; i < m_run.log.size(); ++i) {
        if (!loaded.empty() && m_run.log.row(i).seq <= loaded.row(loaded.size() - 1).seq)
            continue;
        auto action = m_run.log.action(i);
        auto verdict = m_run.log.verdict(i);
        if (action && verdict)
            loaded.append(*action, *verdict);
    }
    const std::size_t shown = m_run.log.size();
    bool same = loaded.size() >= shown;
    for (std::size_t i = 0; same && i < shown; ++i)
        same = loaded.row(i).seq == m_run.log.row(i).seq;
    if (!same) {
        // A row came live before it was stored, or was stored before the
        // rows were read and never came: the run as stored, whole.
        const auto outcomes = m_outcomes;
        setRun(std::move(full));
        for (const auto &[seq, outcome] : outcomes)
            m_outcomes.try_emplace(seq, outcome);
        return true;
    }
    if (loaded.size() > shown) // committed after the rows were read: new rows
        beginInsertRows({}, static_cast<int>(shown), static_cast<int>(loaded.size() - 1));
    m_run.log = std::move(loaded);
    m_run.summary.actions = static_cast<std::int64_t>(m_run.log.size());
    m_parsed.clear();
    if (m_run.log.size() > shown)
        endInsertRows();
    return true;
}

void ActionTableModel::setApproval(const nlohmann::json &approval)
{
    const auto seq = JsonLookup::integerOr(approval, "seq", -1);
    const int row = rowOfSeq(seq);
    if (row < 0)
        return;
    m_approvals[seq] = approval;
    if (const std::string state = JsonLookup::stringOr(approval, "state"); state != "pending")
        m_outcomes[seq] = state;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const nlohmann::json *ActionTableModel::approvalOf(std::int64_t seq) const
{
    auto it = m_approvals.find(seq);
    return it == m_approvals.end() ? nullptr : &it->second;
}

void ActionTableModel::clear()
{
    setRun(RunDetail{});
}

int ActionTableModel::rowOfSeq(std::int64_t seq) const
{
    return static_cast<int>(m_run.log.rowOfSeq(seq));
}

const std::string &ActionTableModel::decisionAt(int row) const
{
    const auto r = static_cast<std::size_t>(row);
    const auto outcome = m_outcomes.find(m_run.log.row(r).seq);
    return outcome != m_outcomes.end() ? outcome->second : m_run.log.decision(r);
}

Result<Action> ActionTableModel::actionAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return fail("no action in row " + std::to_string(row));
    return m_run.log.action(static_cast<std::size_t>(row));
}

const ActionTableModel::Parsed &ActionTableModel::parsed(std::size_t row) const
{
    if (auto it = m_parsed.find(row); it != m_parsed.end())
        return it->second;
    if (m_parsed.size() >= kParsedRows)
        m_parsed.clear();
    Parsed p;
    if (auto action = m_run.log.action(row))
        // One line per row: code and multi-line parameters stay readable in the detail pane.
        p.what = QString::fromStdString(action->describe()).replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    else
        p.what = tr("(unreadable: %1)").arg(QString::fromStdString(action.error().message));
    if (auto verdict = m_run.log.verdict(row))
        p.why = QString::fromStdString(verdict->why());
    else
        p.why = tr("(unreadable: %1)").arg(QString::fromStdString(verdict.error().message));
    return m_parsed.emplace(row, std::move(p)).first->second;
}

ActionTableModel::TextFilter ActionTableModel::textFilter(const QString &text)
{
    TextFilter f;
    f.needle = text.toStdString();
    for (char &c : f.needle)
        c = lowerAscii(c);
    f.inDeclaredWord = containsFolded(tr("declared").toStdString(), f.needle);
    f.inUndeclaredWord = containsFolded(tr("undeclared").toStdString(), f.needle);
    f.mayBeTime = f.needle.find(':') != std::string::npos;
    return f;
}

bool ActionTableModel::rowMatches(int row, const TextFilter &filter) const
{
    const std::string &needle = filter.needle;
    if (needle.empty())
        return true;
    const auto r = static_cast<std::size_t>(row);
    const ActionLog::Row &index = m_run.log.row(r);
    if ((index.declared ? filter.inDeclaredWord : filter.inUndeclaredWord) ||
        containsFolded(actionKindName(index.kind), needle) || containsFolded(decisionAt(row), needle))
        return true;
    // The stored text once it is all here (a million single reads would stall the view).
    if (m_run.log.textLoaded() &&
        (containsFolded(m_run.log.actionText(r), needle) || containsFolded(m_run.log.verdictText(r), needle)))
        return true;
    return filter.mayBeTime && containsFolded(timeOfDay(index.timeMs).toStdString(), needle);
}

bool ActionTableModel::rowLessThan(int left, int right, int column) const
{
    const auto l = static_cast<std::size_t>(left), r = static_cast<std::size_t>(right);
    const ActionLog::Row &a = m_run.log.row(l), &b = m_run.log.row(r);
    switch (column) {
    case Time:
        if (a.timeMs != b.timeMs)
            return a.timeMs < b.timeMs;
        break;
    case Kind:
        if (a.kind != b.kind)
            return std::string_view(actionKindName(a.kind)) < std::string_view(actionKindName(b.kind));
        break;
    case Source:
        if (a.source != b.source)
            return std::string_view(actionSourceName(a.source)) < std::string_view(actionSourceName(b.source));
        break;
    case What:
        if (!m_run.log.textLoaded())
            break;
        if (auto x = m_run.log.actionText(l), y = m_run.log.actionText(r); x != y)
            return x < y;
        break;
    case Decision:
        if (const std::string &x = decisionAt(left), &y = decisionAt(right); x != y)
            return x < y;
        break;
    case Declared:
        if (a.declared != b.declared)
            return a.declared < b.declared;
        break;
    case Why:
        if (!m_run.log.textLoaded())
            break;
        if (auto x = m_run.log.verdictText(l), y = m_run.log.verdictText(r); x != y)
            return x < y;
        break;
    default: break;
    }
    return a.seq < b.seq; // ties (and the Seq column) in sequence order
}

int ActionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_run.log.size());
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
    const ActionLog::Row &r = m_run.log.row(row);
    const char *kind = actionKindName(r.kind);

    switch (role) {
    case SeqRole: return static_cast<qlonglong>(r.seq);
    case DecisionRole: return QString::fromStdString(decisionAt(index.row()));
    case KindRole: return QString::fromLatin1(kind);
    case SourceRole: return QString::fromLatin1(actionSourceName(r.source));
    case ActionJsonRole: return pretty(m_run.log.actionText(row));
    case VerdictJsonRole: return r.judged ? pretty(m_run.log.verdictText(row)) : tr("(not judged)");
    case Qt::ForegroundRole:
        if (index.column() == Decision)
            return LabelColors::forDecision(QString::fromStdString(decisionAt(index.row())));
        if (index.column() == Declared && !r.declared)
            return LabelColors::forDecision(QStringLiteral("deny"));
        return {};
    case Qt::ToolTipRole:
        return index.column() == Why || index.column() == What ? data(index, Qt::DisplayRole) : QVariant();
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case Seq: return static_cast<qlonglong>(r.seq);
    case Time: return timeOfDay(r.timeMs);
    case Kind: return QString::fromLatin1(kind);
    case Source: return DisplayWords::source(r.source);
    case What: return parsed(row).what;
    case Decision: return DisplayWords::decision(QString::fromStdString(decisionAt(index.row())));
    case Declared: return r.declared ? tr("declared") : tr("undeclared");
    case Why: return parsed(row).why;
    default: return {};
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
    case Source: return tr("Seen by");
    case What: return tr("Action");
    case Decision: return tr("Decision");
    case Declared: return tr("Declared");
    case Why: return tr("Why");
    default: return {};
    }
}

} // namespace warden::ui
