#pragma once

#include "core/host/HostProbe.h"
#include "core/host/HostProfile.h"

#include <QAbstractTableModel>

#include <vector>

namespace warden::ui {

// The Hosts screen's table: each host with what its last test found.
class HostListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Address, Status, Version, Isolation, Hardening, ColumnCount };
    enum Role { HostIdRole = Qt::UserRole + 1, ReachableRole };

    explicit HostListModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}

    void setHosts(std::vector<HostProfile> hosts);
    void setTesting(int row);
    void setStatus(const QString &hostId, const HostStatus &status);
    const std::vector<HostProfile> &hosts() const { return m_hosts; }
    int rowOf(const QString &hostId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        bool tested = false;
        bool testing = false;
        HostStatus status;
    };
    std::vector<HostProfile> m_hosts;
    std::vector<Row> m_rows;
};

} // namespace warden::ui
