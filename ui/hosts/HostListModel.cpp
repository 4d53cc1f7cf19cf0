#include "ui/hosts/HostListModel.h"

#include <QBrush>
#include <QColor>

namespace warden::ui {

void HostListModel::setHosts(std::vector<HostProfile> hosts)
{
    beginResetModel();
    // Keep what was learned about hosts that stay.
    std::vector<Row> rows(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        const int old = rowOf(QString::fromStdString(hosts[i].id));
        if (old >= 0)
            rows[i] = m_rows[std::size_t(old)];
    }
    m_hosts = std::move(hosts);
    m_rows = std::move(rows);
    endResetModel();
}

int HostListModel::rowOf(const QString &hostId) const
{
    for (std::size_t i = 0; i < m_hosts.size(); ++i)
        if (QString::fromStdString(m_hosts[i].id) == hostId)
            return int(i);
    return -1;
}

void HostListModel::setTesting(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    m_rows[std::size_t(row)].testing = true;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HostListModel::setStatus(const QString &hostId, const HostStatus &status)
{
    const int row = rowOf(hostId);
    if (row < 0)
        return;
    m_rows[std::size_t(row)] = {true, false, status};
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int HostListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hosts.size());
}

int HostListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const HostProfile &h = m_hosts[std::size_t(index.row())];
    const Row &r = m_rows[std::size_t(index.row())];
    if (role == HostIdRole)
        return QString::fromStdString(h.id);
    if (role == ReachableRole)
        return r.tested ? QVariant(r.status.reachable) : QVariant();
    if (role == Qt::ForegroundRole && index.column() == Status && r.tested)
        return QBrush(r.status.reachable ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb3, 0x26, 0x1e));
    if (role == Qt::ToolTipRole && index.column() == Status && r.tested && !r.status.reachable)
        return QString::fromStdString(r.status.error);
    if (role == Qt::ToolTipRole && index.column() != Status)
        return data(index, Qt::DisplayRole); // narrow columns elide; the whole text is here
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        // The hosts found here are named in the console's language.
        if (h.detected)
            return tr("This machine (%1), detected")
                .arg(h.kind == HostProfile::Kind::Docker ? QStringLiteral("Docker") : QStringLiteral("bubblewrap"));
        return QString::fromStdString(h.name);
    case Kind:
        return h.kind == HostProfile::Kind::Bubblewrap ? tr("bubblewrap")
               : h.kind == HostProfile::Kind::Docker   ? tr("Docker Engine")
                                                       : tr("Warden host");
    case Address: return h.address.empty() ? tr("local") : QString::fromStdString(h.address);
    case Status:
        if (r.testing)
            return tr("testing…");
        if (!r.tested)
            return tr("not tested");
        return r.status.reachable ? tr("reachable") : tr("unreachable: %1").arg(QString::fromStdString(r.status.error));
    case Version: return QString::fromStdString(r.status.version);
    case Isolation: return QString::fromStdString(r.status.isolation);
    case Hardening: return QString::fromStdString(r.status.hardening);
    }
    return {};
}

QVariant HostListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Host");
    case Kind: return tr("Kind");
    case Address: return tr("Address");
    case Status: return tr("Status");
    case Version: return tr("Version");
    case Isolation: return tr("Isolation");
    case Hardening: return tr("Hardening check");
    }
    return {};
}

} // namespace warden::ui
