#include "ui/approvals/ApprovalQueueModel.h"

#include "ui/common/LabelColors.h"

#include <QDateTime>
#include <QTimer>

namespace warden::ui {

ApprovalQueueModel::ApprovalQueueModel(ApprovalQueue &queue, QObject *parent) : QAbstractListModel(parent)
{
    connect(&queue, &ApprovalQueue::requested, this, &ApprovalQueueModel::onRequested);
    connect(&queue, &ApprovalQueue::resolved, this, &ApprovalQueueModel::onResolved);
    for (const auto &r : queue.pending())
        m_items.push_back(r);
    // The time left ticks down on screen.
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] {
        if (!m_items.empty())
            Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole, SecondsLeftRole});
    });
    tick->start(1000);
}

int ApprovalQueueModel::rowOf(const std::string &id) const
{
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].id == id)
            return static_cast<int>(i);
    return -1;
}

void ApprovalQueueModel::onRequested(const ApprovalRequest &r)
{
    if (rowOf(r.id) >= 0)
        return;
    // Pending requests by deadline, the most urgent first; expired ones below them all.
    auto it = std::find_if(m_items.begin(), m_items.end(), [&](const ApprovalRequest &x) {
        return x.state != ApprovalState::Pending || x.deadlineMs > r.deadlineMs;
    });
    const int row = static_cast<int>(it - m_items.begin());
    beginInsertRows({}, row, row);
    m_items.insert(it, r);
    endInsertRows();
    Q_EMIT pendingCountChanged(pendingCount());
}

void ApprovalQueueModel::onResolved(const ApprovalRequest &r)
{
    const int row = rowOf(r.id);
    if (row < 0)
        return;
    if (r.state == ApprovalState::Expired) {
        // It sinks to the bottom, greyed, until cleared: a new request never
        // hides behind it.
        m_items[static_cast<std::size_t>(row)] = r;
        const int last = rowCount() - 1;
        if (row < last && beginMoveRows({}, row, row, {}, last + 1)) {
            std::rotate(m_items.begin() + row, m_items.begin() + row + 1, m_items.end());
            endMoveRows();
        }
        Q_EMIT dataChanged(index(row), index(last));
    } else {
        beginRemoveRows({}, row, row);
        m_items.erase(m_items.begin() + row);
        endRemoveRows();
    }
    Q_EMIT pendingCountChanged(pendingCount());
}

void ApprovalQueueModel::dismissExpired()
{
    for (int row = rowCount() - 1; row >= 0; --row) {
        if (m_items[static_cast<std::size_t>(row)].state != ApprovalState::Expired)
            continue;
        beginRemoveRows({}, row, row);
        m_items.erase(m_items.begin() + row);
        endRemoveRows();
    }
}

const ApprovalRequest *ApprovalQueueModel::at(int row) const
{
    return row >= 0 && row < rowCount() ? &m_items[static_cast<std::size_t>(row)] : nullptr;
}

int ApprovalQueueModel::pendingCount() const
{
    return static_cast<int>(
        std::count_if(m_items.begin(), m_items.end(), [](const auto &r) { return r.state == ApprovalState::Pending; }));
}

int ApprovalQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant ApprovalQueueModel::data(const QModelIndex &index, int role) const
{
    const ApprovalRequest *r = index.isValid() ? at(index.row()) : nullptr;
    if (!r)
        return {};
    const qint64 left = std::max<qint64>(0, (r->deadlineMs - QDateTime::currentMSecsSinceEpoch()) / 1000);
    switch (role) {
    case Qt::DisplayRole:
        if (r->state == ApprovalState::Expired)
            return tr("expired  %1 · %2").arg(QString::fromStdString(r->agent), QString::fromStdString(r->tool));
        return tr("%1:%2  %3 · %4")
            .arg(left / 60)
            .arg(left % 60, 2, 10, QLatin1Char('0'))
            .arg(QString::fromStdString(r->agent), QString::fromStdString(r->tool));
    case Qt::ForegroundRole:
        return r->state == ApprovalState::Expired
                   ? QVariant(QColor(Qt::gray))
                   : QVariant(LabelColors::forDecision(QStringLiteral("approval_required")));
    case IdRole: return QString::fromStdString(r->id);
    case StateRole: return QString::fromLatin1(approvalStateName(r->state));
    case SecondsLeftRole: return left;
    case RequestJsonRole: return QString::fromStdString(r->toJson().dump(2));
    default: return {};
    }
}

} // namespace warden::ui
